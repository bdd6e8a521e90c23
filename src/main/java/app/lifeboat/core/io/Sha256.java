package app.lifeboat.core.io;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streams a file through the JDK's SHA-256 (which uses the CPU's SHA extensions where present). */
public final class Sha256 {
    private static final int CHUNK = 1 << 20;

    private Sha256() {}

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }

    /** Hashes {@code file}, reporting bytes done under {@code phase} and checking cancellation per chunk. */
    public static String of(Path file, ProgressListener progress, ProgressListener.Phase phase, Cancellation cancel)
            throws IOException {
        MessageDigest d = newDigest();
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long total = ch.size();
            long done = 0;
            int n;
            while ((n = ch.read(buf)) >= 0) {
                buf.flip();
                d.update(buf);
                buf.clear();
                done += n;
                progress.progress(phase, done, total);
                cancel.check();
            }
        }
        return hex(d);
    }
}
