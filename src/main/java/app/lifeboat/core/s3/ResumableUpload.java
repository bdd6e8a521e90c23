package app.lifeboat.core.s3;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileReads;
import app.lifeboat.core.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * One multipart upload of a local file, resumable: the upload id is saved in the state folder
 * before the first part, parts already on the server whose ETag is the MD5 of the local slice are
 * kept, others are sent again, and only Complete makes the object visible. Parts are of equal
 * size (R2 requires it), go up a few at a time, each from its own re-openable file slice.
 */
final class ResumableUpload {
    private static final Logger LOG = LoggerFactory.getLogger(ResumableUpload.class);
    private static final Set<String> REFUSED_PARTS = Set.of("InvalidPart", "InvalidPartOrder", "EntityTooSmall");

    private final S3Connection conn;
    private final Path file;
    private final String key;
    private final String name;
    private final long size;
    private final long partSize;
    private final String sha256Hex;
    private final int partCount;
    private final String bucket;

    ResumableUpload(S3Connection conn, Path file, String key, String name, long size, long partSize,
            String sha256Hex) {
        this.conn = conn;
        this.file = file;
        this.key = key;
        this.name = name;
        this.size = size;
        this.partSize = partSize;
        this.sha256Hex = sha256Hex;
        this.partCount = (int) ((size + partSize - 1) / partSize);
        this.bucket = conn.root.bucket();
    }

    void run(LongConsumer sent) throws IOException {
        String endpoint = String.valueOf(conn.root.endpoint());
        String sha = sha256Hex;
        String id = UploadStates.idOf(endpoint, bucket, key, size, sha, partSize);
        UploadStates.State expected = new UploadStates.State(endpoint, bucket, key, size, sha, partSize, null, null);
        UploadStates.State state = conn.states.find(id, expected);
        Map<Integer, String> stored = new HashMap<>();
        if (state != null) {
            Map<Integer, String> listed = listParts(state.uploadId());
            if (listed == null) {
                conn.states.forget(id);
                if (new Uploader(conn).alreadyStored(key, size, sha)) {
                    return; // completed before, but the answer (or the state's removal) was lost
                }
                state = null;
            } else {
                stored = listed;
                LOG.info("resuming the upload of {} to {}: {} of {} parts already stored", Destination.quoteName(name),
                        conn.root.describe(), stored.size(), partCount);
            }
        }
        if (state == null) {
            String uploadId = create(sha);
            state = new UploadStates.State(endpoint, bucket, key, size, sha, partSize, uploadId, Instant.now());
            conn.states.save(id, state);
        }
        List<CompletedPart> parts = uploadParts(id, state.uploadId(), stored, sent);
        complete(id, state.uploadId(), parts, sha);
        conn.states.forget(id);
    }

    private String create(String sha) {
        try {
            return conn.client().createMultipartUpload(b -> b.bucket(bucket).key(key)
                    .contentType("application/octet-stream")
                    .metadata(Map.of(Uploader.SHA256_METADATA, sha))).uploadId();
        } catch (SdkException e) {
            throw conn.errors.translate(e, "start the upload of " + Destination.quoteName(name));
        }
    }

    /** The parts stored so far whose size is right, by number; null when the upload no longer exists. */
    private Map<Integer, String> listParts(String uploadId) {
        Map<Integer, String> out = new HashMap<>();
        int count = partCount;
        try {
            for (Part p : conn.client().listPartsPaginator(b -> b.bucket(bucket).key(key).uploadId(uploadId)).parts()) {
                Integer n = p.partNumber();
                if (n == null || n < 1 || n > count || p.eTag() == null || p.size() == null || p.size() != sliceLength(n)) {
                    continue; // not one of ours, or not whole: it is sent again
                }
                out.put(n, p.eTag());
            }
            return out;
        } catch (SdkException e) {
            if (S3Errors.isNoSuchUpload(e)) {
                return null;
            }
            throw conn.errors.translate(e, "resume the upload of " + Destination.quoteName(name));
        }
    }

    private long sliceLength(int partNumber) {
        return Math.min(partSize, size - (partNumber - 1) * partSize);
    }

    /**
     * Reads the file once, in order, for its SHA-256 and each part's MD5; a part goes up (on the
     * pool, re-reading its slice) as soon as its MD5 is known, unless the server already holds it.
     * The SHA-256 of what was read must be the expected one before Complete may publish anything.
     */
    private List<CompletedPart> uploadParts(String id, String uploadId, Map<Integer, String> stored, LongConsumer sent)
            throws IOException {
        int threads = Math.min(conn.options.partConcurrency(), partCount);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "s3-upload-part");
            t.setDaemon(true);
            return t;
        });
        List<CompletedPart> done = new ArrayList<>();
        List<Future<CompletedPart>> running = new ArrayList<>();
        long[] bytes = {0};
        try {
            MessageDigest sha = Sha256.newDigest();
            MessageDigest md5 = Uploader.Digests.md5();
            byte[] chunk = new byte[1 << 20];
            try (InputStream in = FileReads.open(file)) {
                for (int n = 1; n <= partCount; n++) {
                    long left = sliceLength(n);
                    while (left > 0) {
                        int r = in.read(chunk, 0, (int) Math.min(chunk.length, left));
                        if (r < 0) {
                            throw new IOException("the file " + file + " shrank while it was being uploaded");
                        }
                        sha.update(chunk, 0, r);
                        md5.update(chunk, 0, r);
                        left -= r;
                    }
                    byte[] partMd5 = md5.digest();
                    String etag = stored.get(n);
                    if (etag != null && unquote(etag).equals(Uploader.Digests.md5Hex(partMd5))) {
                        done.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
                        bytes[0] += sliceLength(n);
                    } else {
                        int part = n;
                        running.add(pool.submit(() -> send(uploadId, part, partMd5)));
                    }
                    report(running, done, bytes, sent, false);
                }
            }
            String read = HexFormat.of().formatHex(sha.digest());
            if (!read.equalsIgnoreCase(sha256Hex)) {
                pool.shutdownNow();
                abortQuietly(uploadId);
                conn.states.forget(id);
                Uploader.requireKnown(sha256Hex, read, name);
            }
            report(running, done, bytes, sent, true);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifeboatException(ErrorCode.CANCELLED, "the upload of " + Destination.quoteName(name)
                    + " was interrupted; the parts already sent are kept for the next try");
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool); // no part may still be going up once commit has returned
        }
        done.sort(Comparator.comparing(CompletedPart::partNumber));
        return done;
    }

    /**
     * Moves finished parts, in order, from {@code running} to {@code done} and tells {@code sent};
     * here, on the calling thread, not on the part threads: a listener may throw to cancel.
     */
    private void report(List<Future<CompletedPart>> running, List<CompletedPart> done, long[] bytes, LongConsumer sent,
            boolean waitForAll) throws InterruptedException, ExecutionException {
        while (!running.isEmpty() && (waitForAll || running.get(0).isDone())) {
            CompletedPart p = running.remove(0).get();
            done.add(p);
            bytes[0] += sliceLength(p.partNumber());
            sent.accept(bytes[0]);
        }
        if (!waitForAll) {
            sent.accept(bytes[0]);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletedPart send(String uploadId, int n, byte[] md5) {
        long offset = (n - 1) * partSize;
        long length = sliceLength(n);
        UploadPartRequest req = UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId).partNumber(n)
                .contentLength(length)
                .contentMD5(Base64.getEncoder().encodeToString(md5))
                .build();
        SdkException last = null;
        for (int attempt = 1; attempt <= conn.options.partAttempts(); attempt++) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            try (FileSlice body = new FileSlice(file, offset, length)) {
                String etag = conn.client().uploadPart(req,
                        RequestBody.fromContentProvider(body, length, "application/octet-stream")).eTag();
                return CompletedPart.builder().partNumber(n).eTag(etag).build();
            } catch (SdkException e) {
                last = e;
                if (!worthRetrying(e)) {
                    break;
                }
                LOG.info("part {} of {} failed ({}); trying again", n, Destination.quoteName(name), S3Errors.code(e));
                pause(attempt);
            }
        }
        if (last == null) {
            throw new LifeboatException(ErrorCode.CANCELLED, "the upload of " + Destination.quoteName(name)
                    + " was interrupted; the parts already sent are kept for the next try");
        }
        throw conn.errors.translate(last, "upload " + Destination.quoteName(name) + " (part " + n + " of "
                + partCount + ")");
    }

    private void complete(String id, String uploadId, List<CompletedPart> parts, String sha) throws IOException {
        try {
            conn.client().completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (SdkException e) {
            // A retried Complete whose first answer was lost finds no upload: the object may be whole.
            if (S3Errors.isNoSuchUpload(e) && new Uploader(conn).alreadyStored(key, size, sha)) {
                return;
            }
            if (REFUSED_PARTS.contains(S3Errors.code(e))) {
                // The server will not assemble these parts: start afresh next time rather than resume them again.
                abortQuietly(uploadId);
                conn.states.forget(id);
            }
            throw conn.errors.translate(e, "finish the upload of " + Destination.quoteName(name));
        }
    }

    private void abortQuietly(String uploadId) {
        try {
            conn.client().abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            LOG.warn("could not abort the refused upload of {}: {}", Destination.quoteName(name), S3Errors.code(e));
        }
    }

    /** Network trouble, server errors, throttling and damage in transit: worth another try; refusals are not. */
    static boolean worthRetrying(SdkException e) {
        if (S3Errors.isDamagedInTransit(e) || "IncompleteBody".equals(S3Errors.code(e))) {
            return true; // a body damaged or cut on its way: the next try sends it again
        }
        if (e instanceof AwsServiceException ase) {
            return ase.statusCode() >= 500 || ase.statusCode() == 429 || "SlowDown".equals(S3Errors.code(e));
        }
        return true; // client side: connection refused, cut or timed out
    }

    static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(8000L, 500L << Math.min(attempt - 1, 4)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String unquote(String etag) {
        String t = etag.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t.toLowerCase(Locale.ROOT);
    }
}
