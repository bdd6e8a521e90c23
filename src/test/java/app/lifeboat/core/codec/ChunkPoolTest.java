package app.lifeboat.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chunk buffer pool: a buffer is lent to one user at a time, comes back zeroed, a lease
 * cannot be given back twice nor used after, and at most the bound is kept.
 */
class ChunkPoolTest {
    private static final int SIZE = 4096;

    @Test
    void aReturnedBufferIsLentAgainZeroed() {
        ChunkPool pool = new ChunkPool(SIZE, 4);
        ChunkPool.Lease a = pool.take();
        ByteBuffer bytes = a.bytes();
        fill(bytes, (byte) 0x5A); // say, decrypted pages of a database

        pool.give(a);
        ChunkPool.Lease again = pool.take();

        assertSame(bytes, again.bytes());
        assertTrue(allZero(again.bytes()), "a buffer must not carry one operation's bytes into the next");
        assertEquals(1, pool.allocatedCount());
    }

    @Test
    void aBufferLargerThanOneZeroingStepComesBackZeroedToItsLastByte() {
        ChunkPool pool = new ChunkPool((128 << 10) + 8, 4); // two bulk steps and a tail of 8 bytes
        ChunkPool.Lease a = pool.take();
        fill(a.bytes(), (byte) 0x5A);
        a.bytes().limit(16); // a borrower's limit must not stop the zeroing short

        pool.give(a);

        assertTrue(allZero(pool.take().bytes()));
    }

    @Test
    void buffersAreDirectSoTheCollectorNeverCopiesThem() {
        ChunkPool pool = new ChunkPool(SIZE, 4);

        ByteBuffer b = pool.take().bytes();

        assertTrue(b.isDirect());
        assertEquals(SIZE, b.capacity());
    }

    @Test
    void aBufferOnLoanIsNotLentToAnyoneElse() {
        ChunkPool pool = new ChunkPool(SIZE, 4);
        ChunkPool.Lease a = pool.take();
        ChunkPool.Lease b = pool.take();
        pool.give(b);

        ChunkPool.Lease c = pool.take();

        assertNotSame(a.bytes(), c.bytes());
        assertEquals(2, pool.allocatedCount());
    }

    @Test
    void aLeaseGivenBackTwiceThrowsAndItsBufferIsLentOnlyOnce() {
        ChunkPool pool = new ChunkPool(SIZE, 4);
        ChunkPool.Lease a = pool.take();
        pool.give(a);

        assertThrows(IllegalStateException.class, () -> pool.give(a));

        ChunkPool.Lease first = pool.take();
        ChunkPool.Lease second = pool.take();
        assertNotSame(first.bytes(), second.bytes());
    }

    @Test
    void anOldLeaseCannotReachTheBufferOnceSomeoneElseHasIt() {
        ChunkPool pool = new ChunkPool(SIZE, 4);
        ChunkPool.Lease old = pool.take();
        pool.give(old);
        ChunkPool.Lease current = pool.take();
        fill(current.bytes(), (byte) 7);

        assertThrows(IllegalStateException.class, old::bytes);
        assertThrows(IllegalStateException.class, () -> pool.give(old));
        assertEquals(7, current.bytes().get(0), "the stale lease must not have zeroed or taken the current one's buffer");
        assertEquals(0, pool.idleCount());
    }

    @Test
    void aLeaseFromAnotherPoolIsRefused() {
        ChunkPool pool = new ChunkPool(SIZE, 4);
        ChunkPool other = new ChunkPool(SIZE, 4);
        ChunkPool.Lease foreign = other.take();

        assertThrows(IllegalStateException.class, () -> pool.give(foreign));
        assertEquals(0, pool.idleCount());
        foreign.bytes(); // still the other pool's loan
    }

    @Test
    void keepsAtMostItsBoundOfIdleBuffers() {
        ChunkPool pool = new ChunkPool(SIZE, 3);
        List<ChunkPool.Lease> taken = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            taken.add(pool.take());
        }

        taken.forEach(pool::give);

        assertEquals(3, pool.idleCount());
        assertEquals(5, pool.allocatedCount());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void threadsTakingAndGivingNeverHoldTheSameBufferAtOnce() throws Exception {
        ChunkPool pool = new ChunkPool(SIZE, 2);
        Set<ByteBuffer> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        AtomicReference<String> problem = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            byte mark = (byte) (t + 1);
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        ChunkPool.Lease lease = pool.take();
                        ByteBuffer b = lease.bytes();
                        if (!held.add(b)) {
                            problem.compareAndSet(null, "a buffer was lent to two threads at once");
                        }
                        if (!allZero(b)) {
                            problem.compareAndSet(null, "a buffer came back with another thread's bytes");
                        }
                        fill(b, mark);
                        held.remove(b);
                        pool.give(lease);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            th.start();
            threads.add(th);
        }
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }

        assertNull(problem.get());
        assertTrue(pool.idleCount() <= 2);
    }

    private static void fill(ByteBuffer b, byte value) {
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, value);
        }
    }

    private static boolean allZero(ByteBuffer b) {
        for (int i = 0; i < b.capacity(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
