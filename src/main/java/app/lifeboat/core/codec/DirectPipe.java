package app.lifeboat.core.codec;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-off of direct buffers between two stages of a pass, for bytes that go to a file:
 * native code (zstd) fills a direct buffer and the file channel writes it as it is, where a heap
 * array would be copied into a temporary direct buffer on every write. The buffers are leases from
 * the pass's {@link ChunkPool}, recycled within the pass and given back by {@link #recycle()}, so
 * memory stays at {@code depth} chunks outside the heap. Failures are shared with the
 * {@link ChunkPipe} it was made from, so a failure anywhere stops every stage of the pass.
 */
final class DirectPipe {
    private final ChunkPipe failures;
    private final ChunkPool pool;
    private final BlockingQueue<Item> full;
    private final BlockingQueue<ChunkPool.Lease> free;
    private volatile boolean ended;

    /** A filled lease, or the end of the data ({@code lease} null, {@code failed} false), or a failure. */
    private record Item(ChunkPool.Lease lease, boolean failed) {}

    private static final Item DONE = new Item(null, false);
    private static final Item FAILED = new Item(null, true);

    DirectPipe(ChunkPipe failures, ChunkPool pool, int depth) {
        this.failures = failures;
        this.pool = pool;
        this.full = new ArrayBlockingQueue<>(depth + 1);
        // Room for every buffer the pipe can have made: one being filled, depth + 1 queued, one being written.
        this.free = new ArrayBlockingQueue<>(depth + 3);
    }

    /** Marks the pass failed and wakes the reading end. */
    void fail(Throwable cause) {
        failures.fail(cause);
        full.offer(FAILED);
    }

    /** A cleared buffer to fill: a recycled one, or one from the pool while fewer than the depth are in flight. */
    ChunkPool.Lease empty() {
        ChunkPool.Lease b = free.poll();
        if (b == null) {
            return pool.take();
        }
        b.bytes().clear();
        return b;
    }

    /** Hands a filled buffer (position 0, limit at the end of its bytes) to the reading end. */
    void put(ChunkPool.Lease filled) throws IOException {
        offer(new Item(filled, false));
    }

    private void offer(Item item) throws IOException {
        try {
            while (!full.offer(item, 100, TimeUnit.MILLISECONDS)) {
                failures.checkFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** Marks the end of the data. */
    void close() throws IOException {
        offer(DONE);
    }

    /** Receives each buffer as it arrives; the buffer is recycled after the call. */
    interface Consumer {
        void accept(ByteBuffer data) throws IOException;
    }

    /** The reading end: hands every buffer to {@code consumer} until the end of the data. */
    void drain(Consumer consumer) throws IOException {
        while (true) {
            failures.checkFailure();
            Item item;
            try {
                while ((item = full.poll(100, TimeUnit.MILLISECONDS)) == null) {
                    failures.checkFailure();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
            if (item.failed()) {
                failures.checkFailure();
                return;
            }
            if (item == DONE) {
                ended = true;
                return;
            }
            consumer.accept(item.lease().bytes());
            free.offer(item.lease());
        }
    }

    /**
     * Gives the recycled buffers back to the pool once the reading end has seen the end of the data
     * and nothing failed; otherwise does nothing (the buffers become garbage, since a stage may
     * still hold one). The writing end gives back the one it was filling. Call it after both
     * stages have finished.
     */
    void recycle(ChunkPool.Lease writerLast) {
        if (!ended || failures.firstFailure() != null) {
            return;
        }
        if (writerLast != null) {
            free.offer(writerLast);
        }
        ChunkPool.Lease b;
        while ((b = free.poll()) != null) {
            pool.give(b);
        }
    }
}
