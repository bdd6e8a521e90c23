package app.lifeboat.ui;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.due.DueOutcome;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.application.Platform;

/**
 * The in-process scheduler the desktop app runs: checks for due backups and re-verifications at
 * start-up (catching up what was missed while the app was closed) and then every minute. Each
 * check runs through the window's {@link OperationRunner}, like a click would: it shows in the
 * activity panel with progress and Cancel, and the buttons wait for it, so "Back up now" cannot
 * collide with it. A check due while the person runs something else waits for the next minute.
 */
public final class BackupScheduler implements AutoCloseable {
    private final BackupService service;
    private final OperationRunner runner;
    private final Messages messages;
    private final Consumer<List<DueOutcome>> afterCheck;
    private final Runnable reload;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lifeboat-scheduler");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param afterCheck gets every check's outcomes on the worker thread (notifications, staleness)
     * @param reload refreshes the window after a check that did something
     */
    public BackupScheduler(BackupService service, OperationRunner runner, Messages messages,
            Consumer<List<DueOutcome>> afterCheck, Runnable reload) {
        this.service = service;
        this.runner = runner;
        this.messages = messages;
        this.afterCheck = afterCheck;
        this.reload = reload;
    }

    public void start() {
        timer.scheduleWithFixedDelay(() -> Platform.runLater(this::tick), 5, 60, TimeUnit.SECONDS);
    }

    /** Runs one check now, on the FX thread (start-up and tests). */
    void tick() {
        check(text -> { });
    }

    /**
     * A check the person asked for (the tray's "Run due backups now"): {@code report} gets one
     * sentence, also when nothing was due or another operation is running, since no window may show it.
     */
    void runNow(Consumer<String> report) {
        if (!check(report)) {
            report.accept(messages.get("tray.runDue.busy", runner.messageProperty().get()));
        }
    }

    /** False when another operation runs (the check waits for the next minute). */
    private boolean check(Consumer<String> report) {
        return runner.run(messages.get("op.scheduled"), (progress, cancel) -> {
            List<DueOutcome> outcomes = service.runDue(progress, cancel);
            afterCheck.accept(outcomes);
            return outcomes;
        }, outcomes -> describe(outcomes, report), () -> { }) != null;
    }

    private OperationRunner.Outcome describe(List<DueOutcome> outcomes, Consumer<String> report) {
        if (outcomes.isEmpty()) {
            report.accept(messages.get("tray.runDue.nothing"));
            return OperationRunner.Outcome.nothing();
        }
        reload.run();
        String text = outcomes.stream().map(o -> o.database() + ": " + o.action() + " " + (o.ok() ? "ok" : "failed")
                + (o.message() == null || o.ok() ? "" : " (" + o.message() + ")")).collect(Collectors.joining("; "));
        report.accept(text);
        return new OperationRunner.Outcome(outcomes.stream().allMatch(DueOutcome::ok), text);
    }

    @Override
    public void close() {
        runner.cancel();
        timer.shutdownNow();
    }
}
