package app.lifeboat.core.s3;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.io.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Downloads one object into a private local file and checks it against the size and SHA-256 the
 * object was stored with, so a download cut short or changed on its way is never used.
 */
final class S3Download {
    private S3Download() {}

    /** SDK failures are left to the caller, which knows how to name a missing object. */
    static void toFile(S3Connection conn, String bucket, String key, String name, Path temp, String where)
            throws IOException {
        String doing = "download " + Destination.quoteName(name);
        try (ResponseInputStream<GetObjectResponse> in = conn.client().getObject(b -> b.bucket(bucket).key(key));
                FileChannel out = FileSafety.openEmptyForWriting(temp)) {
            long expected = in.response().contentLength() == null ? -1 : in.response().contentLength();
            String sha = in.response().metadata().get(Uploader.SHA256_METADATA);
            MessageDigest d = Sha256.newDigest();
            byte[] buf = new byte[1 << 16];
            long total = 0;
            int n;
            try {
                while ((n = in.read(buf)) >= 0) {
                    d.update(buf, 0, n);
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) {
                        out.write(bb);
                    }
                    total += n;
                }
            } catch (IOException e) {
                throw new LifeboatException(ErrorCode.DESTINATION_UNREACHABLE, "could not " + doing + ": the connection to "
                        + where + " broke", e, Remedy.CHECK_CONNECTION, where);
            }
            out.force(true);
            String got = Sha256.hex(d);
            if (expected >= 0 && total != expected || sha != null && !sha.equalsIgnoreCase(got)) {
                throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "the download of " + Destination.quoteName(name)
                        + " from " + where + " does not match what was stored (" + total + " bytes, SHA-256 " + got
                        + "); try again", Remedy.NONE);
            }
        }
    }
}
