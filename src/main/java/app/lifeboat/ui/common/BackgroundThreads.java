package app.lifeboat.ui.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads for the work the window starts (backups, verifications, loads), at a lower
 * priority than the JavaFX thread: on two cores the engine keeps both busy (compression, checks),
 * and the window must still get a core within a frame.
 *
 * <p>{@link Thread#setPriority} is enough on Windows and macOS, but Java ignores it on Linux
 * (unless started with a flag that only root may use to full effect). There the kernel's nice
 * value is per thread and a new thread inherits it from the thread that starts it, so each of
 * these threads renices itself once when it starts, and the engine's own threads (the encoder,
 * the checkers), started from it, run at the same nice value.
 */
public final class BackgroundThreads implements ThreadFactory {
    /**
     * The nice value on Linux: the window's threads (nice 0) get three quarters of a core they share
     * with one of these. Nice 10 (nine tenths) smoothed the window no further in bench/stall.sh but
     * made a backup 5x slower next to a busy loop on each core, nice 5 1.8x.
     */
    static final int NICE = 5;
    private static final System.Logger LOG = System.getLogger(BackgroundThreads.class.getName());
    /** Linux's link to the calling thread's own /proc entry ("PID/task/TID"); where it is missing, nothing is reniced. */
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final boolean LINUX = Files.isSymbolicLink(THREAD_SELF);

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    /** @param prefix the threads' names, numbered from 1 */
    public BackgroundThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(() -> {
            lowerNativePriority();
            r.run();
        }, prefix + count.incrementAndGet());
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    }

    /**
     * Renices the calling thread on Linux (there is no Java call for it); elsewhere nothing. A
     * failure only costs smoothness, so it is logged and the work goes on.
     */
    static void lowerNativePriority() {
        if (!LINUX) {
            return;
        }
        try {
            if (currentNice() >= NICE) {
                return; // started niced already (e.g. under `nice`): never raise it back
            }
            // "PID/task/TID": the kernel's id of this thread, which renice accepts as a process id.
            String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
            Process p = new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroy();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot lower the priority of " + Thread.currentThread().getName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The calling thread's nice value on Linux (from /proc), or 0 where there is none. */
    static int currentNice() throws IOException {
        if (!LINUX) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(after[16]); // field 19 of proc(5), the 17th after the name
    }
}
