package app.lifeboat.core.sftp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Tells a listener how many bytes have been read so far, at most once per MiB; the listener runs
 * on the reading thread, so it may throw to cancel the upload that reads.
 */
final class CountingInputStream extends FilterInputStream {
    private static final long REPORT_EVERY = 1L << 20;

    private final LongConsumer listener;
    private long count;
    private long reported;

    CountingInputStream(InputStream in, LongConsumer listener) {
        super(in);
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) {
        count += n;
        if (count - reported >= REPORT_EVERY) {
            reported = count;
            listener.accept(count);
        }
    }
}
