package app.lifeboat.core.s3;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileReads;
import app.lifeboat.core.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Makes a local file an object in one atomic step: small files in one PUT with Content-MD5 and
 * x-amz-checksum-sha256, large ones as a multipart upload ({@link ResumableUpload}). Either way
 * the object appears under its key only when complete, then its size and SHA-256 are checked.
 * The file is read for its digests once (for a multipart upload, while its first parts go up)
 * and again by each request: no part is held in memory.
 */
final class Uploader {
    /** User metadata under which the file's SHA-256 (hex) is stored: a multipart ETag is no MD5. */
    static final String SHA256_METADATA = "lifeboat-sha256";

    private final S3Connection conn;

    Uploader(S3Connection conn) {
        this.conn = conn;
    }

    /**
     * Uploads {@code file} to {@code key}; {@code name} is for messages, {@code sent} hears the bytes
     * stored so far (on the calling thread, so it may throw to cancel). {@code knownSha256} is the
     * file's SHA-256 (hex) when its record already holds it, else null: then it is computed first.
     * Either way the bytes sent are hashed on their way and must match it, or nothing is published.
     */
    void upload(Path file, String key, String name, String knownSha256, LongConsumer sent) throws IOException {
        long size;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
        }
        if (knownSha256 != null && !knownSha256.matches("[0-9a-fA-F]{64}")) {
            knownSha256 = null; // not a SHA-256: computed here instead
        }
        long partSize = conn.options.partSizeFor(size);
        String sha256Hex;
        if (size <= partSize) {
            Digests digests = Digests.of(file);
            sha256Hex = digests.sha256Hex();
            requireKnown(knownSha256, sha256Hex, name);
            putWhole(file, key, name, size, digests);
            sent.accept(size);
        } else {
            // The resume state is keyed by the SHA-256, so it is needed before the first part.
            sha256Hex = knownSha256 != null ? knownSha256.toLowerCase(Locale.ROOT) : Digests.of(file).sha256Hex();
            new ResumableUpload(conn, file, key, name, size, partSize, sha256Hex).run(sent);
        }
        verifyStored(key, name, size, sha256Hex);
    }

    /** A local file whose bytes no longer hash to its record's SHA-256 is damaged: it is not sent. */
    static void requireKnown(String knownSha256, String actualHex, String name) {
        if (knownSha256 != null && !knownSha256.equalsIgnoreCase(actualHex)) {
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "the local file " + Destination.quoteName(name)
                    + " no longer matches the SHA-256 recorded when it was written (it reads as " + actualHex
                    + "), so it was not copied; verify the backup", Remedy.SEE_DETAILS);
        }
    }

    private void putWhole(Path file, String key, String name, long size, Digests digests) {
        PutObjectRequest req = PutObjectRequest.builder()
                .bucket(conn.root.bucket()).key(key).contentLength(size)
                .contentType("application/octet-stream")
                .contentMD5(digests.wholeMd5Base64())
                .checksumSHA256(digests.sha256Base64())
                .metadata(Map.of(SHA256_METADATA, digests.sha256Hex()))
                .build();
        SdkException last = null;
        for (int attempt = 1; attempt <= conn.options.partAttempts(); attempt++) {
            try (FileSlice body = new FileSlice(file, 0, size)) {
                conn.client().putObject(req, RequestBody.fromContentProvider(body, size, "application/octet-stream"));
                return;
            } catch (SdkException e) {
                last = e;
                if (!ResumableUpload.worthRetrying(e)) {
                    break;
                }
                ResumableUpload.pause(attempt);
            }
        }
        throw conn.errors.translate(last, "upload " + Destination.quoteName(name));
    }

    /** After the upload: the server must report the size sent and, where it keeps metadata, the same SHA-256. */
    void verifyStored(String key, String name, long size, String sha256Hex) {
        HeadObjectResponse head;
        try {
            head = conn.client().headObject(b -> b.bucket(conn.root.bucket()).key(key));
        } catch (SdkException e) {
            throw conn.errors.translate(e, "check the uploaded " + Destination.quoteName(name));
        }
        String stored = head.metadata().get(SHA256_METADATA);
        long storedSize = head.contentLength() == null ? -1 : head.contentLength();
        if (storedSize != size || stored != null && !stored.equalsIgnoreCase(sha256Hex)) {
            try {
                // A wrong object under the name is worse than none: the next run uploads it again.
                conn.client().deleteObject(b -> b.bucket(conn.root.bucket()).key(key));
            } catch (SdkException e) {
                // the message below says what is wrong either way
            }
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "after uploading " + Destination.quoteName(name)
                    + ", " + conn.root.describe() + " reported " + storedSize + " bytes" + (stored == null ? ""
                    : " and SHA-256 " + stored) + " instead of " + size + " bytes with SHA-256 " + sha256Hex
                    + "; the object was removed, try again");
        }
    }

    /** True when the object under {@code key} is already these bytes (a commit whose answer was lost). */
    boolean alreadyStored(String key, long size, String sha256Hex) {
        try {
            HeadObjectResponse head = conn.client().headObject(b -> b.bucket(conn.root.bucket()).key(key));
            return head.contentLength() != null && head.contentLength() == size
                    && sha256Hex.equalsIgnoreCase(head.metadata().get(SHA256_METADATA));
        } catch (SdkException e) {
            return false;
        }
    }

    /** SHA-256 and MD5 of a whole file, in one read. */
    record Digests(byte[] sha256, byte[] wholeMd5) {
        static Digests of(Path file) throws IOException {
            MessageDigest sha = Sha256.newDigest();
            MessageDigest md5 = md5();
            byte[] buf = new byte[1 << 20];
            try (InputStream in = FileReads.open(file)) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    sha.update(buf, 0, n);
                    md5.update(buf, 0, n);
                }
            }
            return new Digests(sha.digest(), md5.digest());
        }

        String sha256Hex() {
            return HexFormat.of().formatHex(sha256);
        }

        String sha256Base64() {
            return Base64.getEncoder().encodeToString(sha256);
        }

        String wholeMd5Base64() {
            return Base64.getEncoder().encodeToString(wholeMd5);
        }

        static String md5Hex(byte[] md5) {
            return HexFormat.of().formatHex(md5).toLowerCase(Locale.ROOT);
        }

        static MessageDigest md5() {
            try {
                return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has MD5", e);
            }
        }
    }
}
