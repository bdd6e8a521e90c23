package app.lifeboat.core.codec;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Chunk buffers kept from one codec pass for the next, outside the Java heap. A pass has a dozen
 * 1 MiB chunks in flight for its whole length. As heap arrays allocated per pass they were the
 * engine's main garbage and, alive at a young collection, were copied into the old generation by
 * the stop-the-world collector, which in the window stalled the FX thread for 100–600 ms on a busy
 * machine. Direct buffers are neither allocated on the heap nor copied nor scanned by the collector.
 *
 * <p>Each {@link #take()} is a new {@link Lease}; giving it back ends the lease for good, so a
 * lease given back twice, or used after it was given back, throws instead of reaching a buffer
 * that someone else has since been lent. A buffer is zeroed when it comes back, so nothing one
 * operation decoded or decrypted is in a buffer the next one is given. A lease never given back
 * (a failed pass drops its buffers, since a stage may still hold one) is only garbage.
 */
final class ChunkPool {
    private static final byte[] ZEROS = new byte[64 << 10];

    private final int chunkBytes;
    private final int maxIdle;
    /** Free buffers, most recently returned first. Guarded by this. */
    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
    /** Buffers allocated so far. Guarded by this. */
    private long allocated;

    /** One loan of a buffer, from {@link #take()} until {@link #give}. */
    static final class Lease {
        private final ChunkPool pool;
        private volatile ByteBuffer bytes;

        private Lease(ChunkPool pool, ByteBuffer bytes) {
            this.pool = pool;
            this.bytes = bytes;
        }

        /**
         * The lent buffer (its position and limit are the borrower's to set).
         *
         * @throws IllegalStateException once the lease has been given back
         */
        ByteBuffer bytes() {
            ByteBuffer b = bytes;
            if (b == null) {
                throw new IllegalStateException("a chunk buffer was used after it was given back");
            }
            return b;
        }
    }

    /** A pool of {@code chunkBytes} buffers that keeps at most {@code maxIdle} of them while unused. */
    ChunkPool(int chunkBytes, int maxIdle) {
        if (chunkBytes <= 0 || chunkBytes % Long.BYTES != 0 || maxIdle < 0) {
            throw new IllegalArgumentException("chunk size must be a positive multiple of 8, the idle bound at least 0");
        }
        this.chunkBytes = chunkBytes;
        this.maxIdle = maxIdle;
    }

    /** A zeroed buffer of {@link #chunkBytes()} bytes for the caller alone, until it gives the lease back. */
    Lease take() {
        ByteBuffer b;
        synchronized (this) {
            b = idle.pollFirst();
            if (b == null) {
                allocated++;
            }
        }
        if (b == null) {
            b = ByteBuffer.allocateDirect(chunkBytes); // zeroed by the JDK
        }
        b.clear();
        return new Lease(this, b);
    }

    /**
     * Ends {@code lease}: zeroes its buffer and keeps it for the next taker (or drops it when
     * {@code maxIdle} are already kept). The caller must not use the lease afterwards.
     *
     * @throws IllegalStateException if the lease was given back before or is from another pool
     */
    void give(Lease lease) {
        ByteBuffer b;
        synchronized (this) {
            b = lease.pool == this ? lease.bytes : null;
            if (b == null) {
                throw new IllegalStateException("a chunk buffer was given back twice, or to the wrong pool");
            }
            lease.bytes = null;
        }
        b.clear(); // absolute puts are checked against the limit a borrower may have set
        // Bulk puts are one native copy each, fast from the first call; a loop of putLong ran
        // interpreted, then C1-compiled, until C2 took it (about 0.1 s of a fresh process's first GiB).
        for (int i = 0; i < chunkBytes; i += ZEROS.length) {
            b.put(i, ZEROS, 0, Math.min(ZEROS.length, chunkBytes - i));
        }
        synchronized (this) {
            if (idle.size() < maxIdle) {
                idle.addFirst(b);
            }
        }
    }

    int chunkBytes() {
        return chunkBytes;
    }

    /** Buffers kept for the next pass. */
    synchronized int idleCount() {
        return idle.size();
    }

    /** Buffers allocated since the pool was made: what the pool did not save. */
    synchronized long allocatedCount() {
        return allocated;
    }
}
