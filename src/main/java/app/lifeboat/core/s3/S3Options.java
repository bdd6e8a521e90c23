package app.lifeboat.core.s3;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link S3Destination} talks to its store: part size and parallelism of multipart uploads,
 * retries, timeouts, when an incomplete upload counts as abandoned, and the environment read for
 * {@code AWS_ENDPOINT_URL_S3} and the region. {@link #defaults()} suits real stores; tests shrink
 * parts and retries.
 *
 * @param partSizeBytes size of every part but the last (equal parts: Cloudflare R2 requires them);
 *     files up to this size go up in one request
 * @param partConcurrency parts uploaded at once
 * @param requestAttempts attempts per request, with backoff, for timeouts, connection errors, 5xx
 *     and 503 SlowDown
 * @param partAttempts attempts per part on top of that, e.g. after a part arrived damaged (BadDigest)
 * @param connectTimeout how long to wait for a connection
 * @param socketTimeout how long a connection may stay silent before the request counts as failed
 * @param staleUploadAge how old an incomplete multipart upload must be before cleanup aborts it
 * @param env the environment to read {@code AWS_ENDPOINT_URL_S3}, {@code AWS_REGION} and friends from
 */
public record S3Options(long partSizeBytes, int partConcurrency, int requestAttempts, int partAttempts,
        Duration connectTimeout, Duration socketTimeout, Duration staleUploadAge, Map<String, String> env) {
    /** S3's smallest part but the last. */
    public static final long MIN_PART_BYTES = 5L * 1024 * 1024;
    /** S3's most parts in one upload. */
    public static final int MAX_PARTS = 10_000;

    public S3Options {
        if (partConcurrency < 1 || requestAttempts < 1 || partAttempts < 1) {
            throw new IllegalArgumentException("part size, concurrency and attempts must be positive");
        }
        if (partSizeBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("S3 parts are at least 5 MiB");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        Objects.requireNonNull(staleUploadAge, "staleUploadAge");
        env = Map.copyOf(env);
    }

    /** 16 MiB parts, 4 at a time, 6 attempts a request, 3 a part, 24 hours for stale uploads. */
    public static S3Options defaults() {
        return new S3Options(16L * 1024 * 1024, 4, 6, 3, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofHours(24), System.getenv());
    }

    public S3Options withPartSizeBytes(long bytes) {
        return new S3Options(bytes, partConcurrency, requestAttempts, partAttempts, connectTimeout, socketTimeout,
                staleUploadAge, env);
    }

    public S3Options withPartConcurrency(int parts) {
        return new S3Options(partSizeBytes, parts, requestAttempts, partAttempts, connectTimeout, socketTimeout,
                staleUploadAge, env);
    }

    public S3Options withAttempts(int perRequest, int perPart) {
        return new S3Options(partSizeBytes, partConcurrency, perRequest, perPart, connectTimeout, socketTimeout,
                staleUploadAge, env);
    }

    public S3Options withTimeouts(Duration connect, Duration socket) {
        return new S3Options(partSizeBytes, partConcurrency, requestAttempts, partAttempts, connect, socket,
                staleUploadAge, env);
    }

    public S3Options withStaleUploadAge(Duration age) {
        return new S3Options(partSizeBytes, partConcurrency, requestAttempts, partAttempts, connectTimeout, socketTimeout,
                age, env);
    }

    public S3Options withEnv(Map<String, String> environment) {
        return new S3Options(partSizeBytes, partConcurrency, requestAttempts, partAttempts, connectTimeout, socketTimeout,
                staleUploadAge, environment);
    }

    /** Without the environment: it holds secrets such as {@code AWS_SECRET_ACCESS_KEY}. */
    @Override
    public String toString() {
        return "S3Options[partSizeBytes=" + partSizeBytes + ", partConcurrency=" + partConcurrency + ", requestAttempts="
                + requestAttempts + ", partAttempts=" + partAttempts + ", connectTimeout=" + connectTimeout
                + ", socketTimeout=" + socketTimeout + ", staleUploadAge=" + staleUploadAge + "]";
    }

    /** The part size for a file of {@code sizeBytes}: the configured one, raised to stay within 10,000 parts. */
    long partSizeFor(long sizeBytes) {
        long needed = (sizeBytes + MAX_PARTS - 1) / MAX_PARTS;
        if (needed <= partSizeBytes) {
            return partSizeBytes;
        }
        long mib = 1024L * 1024;
        return (needed + mib - 1) / mib * mib;
    }
}
