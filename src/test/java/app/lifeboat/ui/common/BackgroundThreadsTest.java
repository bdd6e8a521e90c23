package app.lifeboat.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundThreadsTest {
    @Test
    void threadsAreDaemonsAtTheLowestJavaPriority() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(new BackgroundThreads("test-bg-"));
        try {
            Thread t = pool.submit(Thread::currentThread).get(30, TimeUnit.SECONDS);
            assertTrue(t.isDaemon());
            assertEquals(Thread.MIN_PRIORITY, t.getPriority());
            assertEquals("test-bg-1", t.getName());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onLinuxTheThreadAndTheThreadsItStartsRunNiced() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux"));
        int base = BackgroundThreads.currentNice();
        assumeTrue(base < BackgroundThreads.NICE, "the test runs niced already");
        ExecutorService pool = Executors.newSingleThreadExecutor(new BackgroundThreads("test-bg-"));
        try {
            int[] nice = pool.submit(() -> {
                CompletableFuture<Integer> child = new CompletableFuture<>();
                Thread t = new Thread(() -> {
                    try {
                        child.complete(BackgroundThreads.currentNice());
                    } catch (Exception e) {
                        child.completeExceptionally(e);
                    }
                });
                t.start();
                return new int[] {BackgroundThreads.currentNice(), child.get(30, TimeUnit.SECONDS)};
            }).get(30, TimeUnit.SECONDS);
            assertEquals(BackgroundThreads.NICE, nice[0], "the pool's thread");
            assertEquals(BackgroundThreads.NICE, nice[1], "a thread it started (the engine's encoder, say)");
            assertEquals(base, BackgroundThreads.currentNice(), "the caller is untouched");
        } finally {
            pool.shutdownNow();
        }
    }
}
