package app.lifeboat.core.io;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a file for reading front to back, fast. On the benchmark machine, Java's NIO streams
 * ({@code Files.newInputStream}, {@code Channels.newInputStream}) and channel reads into heap
 * buffers took 0.56–0.74 s per GiB from the page cache, against 0.18–0.23 s for a
 * {@link FileInputStream} or a channel read into a direct buffer: the kernel's copy into NIO's
 * temporary buffer ran about three times slower (perf: {@code _copy_to_iter}). A backup reads
 * the whole database this way, so that is 0.4 s of every GiB.
 */
public final class FileReads {
    private FileReads() {}

    /** A stream over {@code file}; a missing or unreadable file throws the typed exception NIO would. */
    public static InputStream open(Path file) throws IOException {
        try {
            return new FileInputStream(file.toFile());
        } catch (FileNotFoundException e) {
            return Files.newInputStream(file); // NoSuchFileException, AccessDeniedException: what callers handle
        }
    }

    /**
     * Reads up to {@code len} bytes at {@code position} of {@code ch} into {@code b}, through
     * {@code via} (a direct buffer the caller keeps; at most its capacity is read); returns the
     * count, or -1 at the end of the file.
     */
    public static int readAt(FileChannel ch, long position, byte[] b, int off, int len, ByteBuffer via) throws IOException {
        via.clear().limit(Math.min(len, via.capacity()));
        int n = ch.read(via, position);
        if (n > 0) {
            via.flip().get(b, off, n);
        }
        return n;
    }
}
