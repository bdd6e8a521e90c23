package app.lifeboat.core.codec;

import app.lifeboat.core.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bounded hand-off of byte chunks between two threads, so that two stages of a codec pass
 * (say, decryption and decompression) run on two cores at once. Buffers are recycled, so memory
 * stays at {@code depth} chunks whatever the amount of data. A failure on either side reaches the
 * other side as an IOException instead of leaving it blocked.
 *
 * <p>The buffers are direct ones from a {@link ChunkPool} and go back to it through
 * {@link #recycle()} once both ends are done; a pipe that failed keeps them, since a stage may
 * still hold one.
 */
final class ChunkPipe {
    private final ChunkPool pool;
    private final int depth;
    private final BlockingQueue<Chunk> full;
    private final BlockingQueue<ChunkPool.Lease> free;
    /** Shared by every pipe of one pass, so a failure anywhere stops every stage. */
    private final AtomicReference<Throwable> failure;

    /** Set by the writing end when it has closed, and by the reading end when it has seen the end. */
    private volatile boolean sinkClosed;
    private volatile boolean sourceEnded;

    /** {@code length} bytes in {@code lease}; without a lease, the end of the data (length 0) or a failure (-1). */
    private record Chunk(ChunkPool.Lease lease, int length) {
        boolean isMarker() {
            return lease == null;
        }
    }

    private static final Chunk END = new Chunk(null, 0);
    private static final Chunk FAILED = new Chunk(null, -1);

    ChunkPipe(ChunkPool pool, int depth) {
        this(pool, depth, new AtomicReference<>());
    }

    private ChunkPipe(ChunkPool pool, int depth, AtomicReference<Throwable> failure) {
        this.pool = pool;
        this.depth = depth;
        this.full = new ArrayBlockingQueue<>(depth + 1);
        // Room for every buffer the pipe can have made: one being filled, depth + 1 queued, one being read.
        this.free = new ArrayBlockingQueue<>(depth + 3);
        this.failure = failure;
    }

    /** Another pipe of the same pass, for a further stage: a failure on either fails both. */
    ChunkPipe another() {
        return new ChunkPipe(pool, depth, failure);
    }

    /** Marks the pass failed; every end throws from then on. The first failure is kept as the cause. */
    void fail(Throwable cause) {
        failure.compareAndSet(null, cause);
        full.offer(FAILED);
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

    /**
     * Gives this pipe's buffers back to the pool, once the writing end has closed and the reading
     * end has seen the end of the data, and nothing failed; otherwise does nothing (the buffers
     * become garbage). Call it after both stages have finished.
     */
    void recycle() {
        if (!sinkClosed || !sourceEnded || failure.get() != null) {
            return;
        }
        ChunkPool.Lease b;
        while ((b = free.poll()) != null) {
            pool.give(b);
        }
    }

    /** The writing end; closing it marks the end of the data. */
    OutputStream sink() {
        return new OutputStream() {
            private ChunkPool.Lease buf = pool.take();
            private int len;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int n) throws IOException {
                checkFailure();
                if (closed) {
                    throw new IOException("write after the end of the data");
                }
                ByteBuffer bytes = buf.bytes();
                while (n > 0) {
                    int k = Math.min(n, bytes.capacity() - len);
                    bytes.put(len, b, off, k);
                    len += k;
                    off += k;
                    n -= k;
                    if (len == bytes.capacity()) {
                        handOff();
                        bytes = buf.bytes();
                    }
                }
            }

            private void handOff() throws IOException {
                put(full, new Chunk(buf, len));
                ChunkPool.Lease next = free.poll();
                buf = next != null ? next : pool.take();
                len = 0;
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                if (len > 0) {
                    put(full, new Chunk(buf, len));
                } else {
                    free.offer(buf);
                }
                buf = null;
                put(full, END);
                sinkClosed = true;
            }
        };
    }

    /**
     * The writing end filled from {@code in} through {@code piece}, then marked ended. The end is
     * marked only when {@code in} ends: if reading fails, the stage's failure reaches the other
     * side instead of an end that would pass for a short stream. The caller zeroes {@code piece}
     * when the bytes may be secret.
     */
    void pump(InputStream in, byte[] piece) throws IOException {
        // If reading fails, the lease being filled is dropped with the rest of the failed pass.
        ChunkPool.Lease buf = pool.take();
        int len = 0;
        while (true) {
            checkFailure();
            ByteBuffer bytes = buf.bytes();
            int want = Math.min(piece.length, bytes.capacity() - len);
            int n = in.readNBytes(piece, 0, want);
            bytes.put(len, piece, 0, n);
            len += n;
            if (len == bytes.capacity()) {
                put(full, new Chunk(buf, len));
                ChunkPool.Lease next = free.poll();
                buf = next != null ? next : pool.take();
                len = 0;
            }
            if (n < want) {
                break; // readNBytes comes back short only at the end of the stream
            }
        }
        if (len > 0) {
            put(full, new Chunk(buf, len));
        } else {
            free.offer(buf);
        }
        put(full, END);
        sinkClosed = true;
    }

    /** Takes the next chunk; null at the end of the data. */
    private Chunk next() throws IOException {
        Chunk c = take(full);
        if (c == FAILED) {
            checkFailure();
            throw new IOException("a stage of the pass failed"); // not reached: the failure is set before FAILED is queued
        }
        if (c.isMarker()) {
            sourceEnded = true;
            return null;
        }
        return c;
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
                        free.offer(current.lease());
                        current = null;
                    }
                    Chunk c = next();
                    if (c == null) {
                        ended = true;
                        return -1;
                    }
                    current = c;
                    pos = 0;
                }
                int k = Math.min(n, current.length() - pos);
                current.lease().bytes().get(pos, b, off, k);
                pos += k;
                return k;
            }
        };
    }

    /** Receives whole chunks from {@link #drain}; the buffer is only valid during the call. */
    interface ChunkConsumer {
        /** {@code data} holds the chunk between its position (0) and its limit; the consumer may move the position. */
        void accept(ByteBuffer data) throws IOException;
    }

    /**
     * The reading end without a copy: hands each chunk to {@code consumer} as it arrives, until
     * the end of the data. Use either this or {@link #source()}, not both.
     */
    void drain(ChunkConsumer consumer) throws IOException {
        Chunk c;
        while ((c = next()) != null) {
            ByteBuffer data = c.lease().bytes();
            data.clear().limit(c.length());
            consumer.accept(data);
            data.clear(); // the writing end puts at absolute indexes, checked against the limit
            free.offer(c.lease());
        }
    }
}
