package app.lifeboat.core.codec;

import app.lifeboat.core.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bounded hand-off of byte chunks between two threads, so that two stages of a codec pass
 * (say, decryption and decompression) run on two cores at once. Buffers are recycled, so memory
 * stays at {@code depth} chunks whatever the amount of data. A failure on either side reaches the
 * other side as an IOException instead of leaving it blocked.
 */
final class ChunkPipe {
    private static final byte[] END = new byte[0];

    private final int chunkSize;
    private final int depth;
    private final BlockingQueue<Chunk> full;
    private final BlockingQueue<byte[]> free;
    /** Shared by every pipe of one pass, so a failure anywhere stops every stage. */
    private final AtomicReference<Throwable> failure;

    private record Chunk(byte[] data, int length) {}

    ChunkPipe(int chunkSize, int depth) {
        this(chunkSize, depth, new AtomicReference<>());
    }

    private ChunkPipe(int chunkSize, int depth, AtomicReference<Throwable> failure) {
        this.chunkSize = chunkSize;
        this.depth = depth;
        this.full = new ArrayBlockingQueue<>(depth + 1);
        this.free = new ArrayBlockingQueue<>(depth + 2);
        this.failure = failure;
    }

    /** Another pipe of the same pass, for a further stage: a failure on either fails both. */
    ChunkPipe another() {
        return new ChunkPipe(chunkSize, depth, failure);
    }

    /** Marks the pass failed; every end throws from then on. The first failure is kept as the cause. */
    void fail(Throwable cause) {
        failure.compareAndSet(null, cause);
        full.offer(new Chunk(END, -1));
    }

    /** The first failure of any stage of the pass, or null. */
    Throwable firstFailure() {
        return failure.get();
    }

    void checkFailure() throws IOException {
        Throwable f = failure.get();
        if (f != null) {
            throw f instanceof IOException io ? new IOException(io.getMessage(), io) : new IOException(f.toString(), f);
        }
    }

    private <T> void put(BlockingQueue<T> q, T item) throws IOException {
        try {
            while (!q.offer(item, 100, TimeUnit.MILLISECONDS)) {
                checkFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private <T> T take(BlockingQueue<T> q) throws IOException {
        checkFailure();
        try {
            T item;
            while ((item = q.poll(100, TimeUnit.MILLISECONDS)) == null) {
                checkFailure();
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** The writing end; closing it marks the end of the data. */
    OutputStream sink() {
        return new OutputStream() {
            private byte[] buf = new byte[chunkSize];
            private int len;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int n) throws IOException {
                checkFailure();
                while (n > 0) {
                    int k = Math.min(n, buf.length - len);
                    System.arraycopy(b, off, buf, len, k);
                    len += k;
                    off += k;
                    n -= k;
                    if (len == buf.length) {
                        handOff();
                    }
                }
            }

            private void handOff() throws IOException {
                put(full, new Chunk(buf, len));
                byte[] next = free.poll();
                buf = next != null ? next : new byte[chunkSize];
                len = 0;
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                if (len > 0) {
                    handOff();
                }
                put(full, new Chunk(END, 0));
            }
        };
    }

    /**
     * The writing end filled straight from {@code in} (no copy between), then marked ended. The end
     * is marked only when {@code in} ends: if reading fails, the stage's failure reaches the other
     * side instead of an end that would pass for a short stream.
     */
    void pump(InputStream in) throws IOException {
        while (true) {
            checkFailure();
            byte[] buf = free.poll();
            if (buf == null) {
                buf = new byte[chunkSize];
            }
            int n = in.readNBytes(buf, 0, chunkSize);
            if (n > 0) {
                put(full, new Chunk(buf, n));
            }
            if (n < chunkSize) {
                put(full, new Chunk(END, 0));
                return;
            }
        }
    }

    /** The reading end. */
    InputStream source() {
        return new BulkInputStream() {
            private Chunk current;
            private int pos;
            private boolean ended;

            @Override
            public int read(byte[] b, int off, int n) throws IOException {
                if (n == 0) {
                    return 0;
                }
                while (current == null || pos == current.length()) {
                    if (ended) {
                        return -1;
                    }
                    if (current != null) {
                        free.offer(current.data());
                        current = null;
                    }
                    Chunk c = take(full);
                    if (c.length() < 0) {
                        checkFailure();
                    }
                    if (c.data() == END) {
                        ended = true;
                        return -1;
                    }
                    current = c;
                    pos = 0;
                }
                int k = Math.min(n, current.length() - pos);
                System.arraycopy(current.data(), pos, b, off, k);
                pos += k;
                return k;
            }
        };
    }

    /** Receives whole chunks from {@link #drain}; the array is only valid during the call. */
    interface ChunkConsumer {
        void accept(byte[] data, int length) throws IOException;
    }

    /**
     * The reading end without a copy: hands each chunk to {@code consumer} as it arrives, until
     * the end of the data. Use either this or {@link #source()}, not both.
     */
    void drain(ChunkConsumer consumer) throws IOException {
        while (true) {
            Chunk c = take(full);
            if (c.length() < 0) {
                checkFailure();
            }
            if (c.data() == END) {
                return;
            }
            consumer.accept(c.data(), c.length());
            free.offer(c.data());
        }
    }
}
