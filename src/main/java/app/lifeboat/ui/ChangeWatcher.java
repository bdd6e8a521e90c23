package app.lifeboat.ui;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javafx.application.Platform;

/**
 * Notices changes made on disk by another process (the CLI, a scheduled run) by polling a cheap
 * stamp (modification times only) on its own daemon thread, and runs {@code onChange} on the FX
 * thread when it moves.
 */
public final class ChangeWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChangeWatcher.class.getName());

    private final LongSupplier stamp;
    private final Runnable onChange;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lifeboat-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile long last;
    private volatile boolean closed;

    public ChangeWatcher(LongSupplier stamp, Runnable onChange) {
        this.stamp = stamp;
        this.onChange = onChange;
    }

    public void start(long periodMillis) {
        timer.execute(() -> last = stamp.getAsLong());
        timer.scheduleWithFixedDelay(this::poll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            long now = stamp.getAsLong();
            if (now != last) {
                last = now;
                Platform.runLater(() -> {
                    if (!closed) {
                        onChange.run();
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "change poll failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }
}
