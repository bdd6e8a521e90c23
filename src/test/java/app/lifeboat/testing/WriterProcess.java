package app.lifeboat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A running {@link CounterWriter} process and what it has reported so far. */
public final class WriterProcess implements AutoCloseable {
    private final Process process;
    private final AtomicLong committed = new AtomicLong(-1);
    private final AtomicBoolean wentBack = new AtomicBoolean();
    private final AtomicReference<String> failure = new AtomicReference<>();

    private WriterProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readReports, "writer-reports");
        reader.setDaemon(true);
        reader.start();
    }

    public static WriterProcess start(Path db, boolean wal, Path stderr) throws IOException {
        return start(db, wal ? "wal" : "delete", stderr);
    }

    /** {@code mode}: {@code wal}, {@code delete}, {@code wal-truncate} or {@code wal-paced} (see {@link CounterWriter}). */
    public static WriterProcess start(Path db, String mode, Path stderr) throws IOException {
        Files.createDirectories(stderr.getParent());
        Process p = new ProcessBuilder(LifeboatProcess.javaWithTestClassPath(CounterWriter.class.getName(),
                db.toString(), mode)).redirectError(stderr.toFile()).start();
        return new WriterProcess(p);
    }

    private void readReports() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("committed ")) {
                    long n = Long.parseLong(line.substring("committed ".length()));
                    if (committed.getAndSet(n) > n) {
                        wentBack.set(true);
                    }
                } else if (line.startsWith("failed ")) {
                    failure.set(line);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** The counter value of the last commit the writer reported (every commit before it is durable). */
    public long committed() {
        return committed.get();
    }

    /** True once the counter went down: the writer saw content restored under it. */
    public boolean wentBack() {
        return wentBack.get();
    }

    /** Polls until the writer has reported {@code n} committed rows. */
    public void awaitCommitted(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committed.get() < n) {
            if (failure.get() != null || !process.isAlive()) {
                fail("the writer stopped: " + failure.get());
            }
            if (System.nanoTime() > deadline) {
                fail("the writer reached only " + committed.get() + " of " + n + " rows");
            }
            Thread.sleep(20);
        }
    }

    /** Closes the writer's stdin, which makes it exit cleanly, and checks that it never failed. */
    public void stop() throws Exception {
        process.getOutputStream().close();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the writer did not stop");
        assertEquals(null, failure.get(), "the writer failed to commit");
        assertEquals(0, process.exitValue(), "writer exit code");
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
