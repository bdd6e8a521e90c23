package app.lifeboat.core.s3;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
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
     * stored so far (on the calling thread, so it may throw to cancel).
     */
    void upload(Path file, String key, String name, LongConsumer sent) throws IOException {
        long size;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
        }
        long partSize = conn.options.partSizeFor(size);
        Digests digests = Digests.of(file, size > partSize ? partSize : Long.MAX_VALUE);
        if (size <= partSize) {
            putWhole(file, key, name, size, digests);
            sent.accept(size);
        } else {
            new ResumableUpload(conn, file, key, name, size, partSize, digests).run(sent);
        }
        verifyStored(key, name, size, digests.sha256Hex());
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

    /** SHA-256 of the whole file, and MD5 of the whole file or of each part, in one read. */
    record Digests(byte[] sha256, byte[] wholeMd5, List<byte[]> partMd5s) {
        static Digests of(Path file, long partSize) throws IOException {
            MessageDigest sha = Sha256.newDigest();
            MessageDigest whole = md5();
            MessageDigest part = md5();
            List<byte[]> parts = new ArrayList<>();
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            long inPart = 0;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                while (ch.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        int n = (int) Math.min(buf.remaining(), partSize - inPart);
                        sha.update(buf.array(), buf.position(), n);
                        if (partSize == Long.MAX_VALUE) {
                            whole.update(buf.array(), buf.position(), n);
                        } else {
                            part.update(buf.array(), buf.position(), n);
                        }
                        buf.position(buf.position() + n);
                        inPart += n;
                        if (inPart == partSize) {
                            parts.add(part.digest());
                            inPart = 0;
                        }
                    }
                    buf.clear();
                }
            }
            if (inPart > 0) {
                parts.add(part.digest());
            }
            return new Digests(sha.digest(), whole.digest(), parts);
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
