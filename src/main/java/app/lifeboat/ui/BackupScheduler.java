package app.lifeboat.ui;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.due.DueOutcome;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The in-process scheduler the desktop app runs: checks for due backups and re-verifications at
 * start-up (catching up what was missed while the app was closed) and then every minute, on one
 * background thread, through {@link BackupService#runDue}. After every check the listener gets the
 * outcomes (often none), on the scheduler's thread: the app turns failures into notifications and
 * looks for databases that became stale.
 */
public final class BackupScheduler implements AutoCloseable {
    private final BackupService service;
    private final Consumer<List<DueOutcome>> listener;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lifeboat-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final Cancellation cancel = new Cancellation();

    public BackupScheduler(BackupService service, Consumer<List<DueOutcome>> listener) {
        this.service = service;
        this.listener = listener;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::tick, 5, 60, TimeUnit.SECONDS);
    }

    private void tick() {
        try {
            listener.accept(service.runDue(ProgressListener.NONE, cancel));
        } catch (RuntimeException e) {
            // A tick that fails (e.g. settings briefly unreadable) must not stop future ticks.
            LoggerFactory.getLogger(BackupScheduler.class).warn("scheduled run failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        cancel.cancel();
        timer.shutdownNow();
    }
}
