package app.lifeboat.core.s3;

import app.lifeboat.core.io.FileReads;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * A byte range of a file as a request body the SDK can read again for each attempt (and, over
 * plain HTTP, once more to sign it): every stream reads the file from disk, so memory stays flat
 * whatever the file's size.
 */
final class FileSlice implements ContentStreamProvider, Closeable {
    private final Path file;
    private final long offset;
    private final long length;
    private InputStream current;

    FileSlice(Path file, long offset, long length) {
        this.file = file;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public synchronized InputStream newStream() {
        closeCurrent();
        try {
            current = new SliceStream(FileChannel.open(file, StandardOpenOption.READ), offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return current;
    }

    @Override
    public String name() {
        return "FileSlice";
    }

    @Override
    public synchronized void close() {
        closeCurrent();
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // a read-only channel has nothing to flush
            }
            current = null;
        }
    }

    /** Positional reads, so several slices of one file never share a file position. */
    private static final class SliceStream extends InputStream {
        private final FileChannel ch;
        private long pos;
        private final long end;
        private final ByteBuffer direct = ByteBuffer.allocateDirect(256 << 10); // see FileReads

        SliceStream(FileChannel ch, long offset, long length) {
            this.ch = ch;
            this.pos = offset;
            this.end = offset + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long left = end - pos;
            if (left <= 0) {
                return -1;
            }
            int n = FileReads.readAt(ch, pos, b, off, (int) Math.min(len, left), direct);
            if (n < 0) {
                throw new IOException("the staged file shrank while it was being uploaded");
            }
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - pos);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
