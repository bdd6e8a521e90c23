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
 * array would be copied into a temporary direct buffer on every write. Buffers are recycled, so
 * memory stays at {@code depth} chunks outside the heap. Failures are shared with the
 * {@link ChunkPipe} it was made from, so a failure anywhere stops every stage of the pass.
 */
final class DirectPipe {
    private static final ByteBuffer END = ByteBuffer.allocate(0);
    private static final ByteBuffer FAILED = ByteBuffer.allocate(0);

    private final ChunkPipe failures;
    private final int chunkSize;
    private final BlockingQueue<ByteBuffer> full;
    private final BlockingQueue<ByteBuffer> free;

    DirectPipe(ChunkPipe failures, int chunkSize, int depth) {
        this.failures = failures;
        this.chunkSize = chunkSize;
        this.full = new ArrayBlockingQueue<>(depth + 1);
        this.free = new ArrayBlockingQueue<>(depth + 2);
    }

    /** Marks the pass failed and wakes the reading end. */
    void fail(Throwable cause) {
        failures.fail(cause);
        full.offer(FAILED);
    }

    /** A cleared buffer to fill: a recycled one, or a new one while fewer than the depth are in flight. */
    ByteBuffer empty() {
        ByteBuffer b = free.poll();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(chunkSize);
    }

    /** Hands a filled buffer (position 0, limit at the end of its bytes) to the reading end. */
    void put(ByteBuffer filled) throws IOException {
        try {
            while (!full.offer(filled, 100, TimeUnit.MILLISECONDS)) {
                failures.checkFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** Marks the end of the data. */
    void close() throws IOException {
        put(END);
    }

    /** Receives each buffer as it arrives; the buffer is recycled after the call. */
    interface Consumer {
        void accept(ByteBuffer data) throws IOException;
    }

    /** The reading end: hands every buffer to {@code consumer} until the end of the data. */
    void drain(Consumer consumer) throws IOException {
        while (true) {
            failures.checkFailure();
            ByteBuffer b;
            try {
                while ((b = full.poll(100, TimeUnit.MILLISECONDS)) == null) {
                    failures.checkFailure();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
            if (b == FAILED) {
                failures.checkFailure();
            }
            if (b == END || b == FAILED) {
                return;
            }
            consumer.accept(b);
            free.offer(b);
        }
    }
}
