package app.lifeboat.ui.common;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Runs engine operations one at a time on the injected executor, exposes the running one's state
 * for the progress bar, and records every outcome in the activity list. Failures go to the
 * {@link ErrorSink}; cancellations and outcomes are only listed. Use from the FX thread.
 */
public final class OperationRunner {
    private static final System.Logger LOG = System.getLogger(OperationRunner.class.getName());
    private static final int ACTIVITY_LIMIT = 200;

    /** How a finished operation is described in the activity list. */
    public record Outcome(boolean ok, String message) {
        /** A run with nothing to report (a scheduled check that found nothing due): no activity line. */
        public static Outcome nothing() {
            return new Outcome(true, null);
        }
    }

    private final Executor executor;
    private final Messages messages;
    private final ErrorSink errors;
    private final Clock clock;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ObservableList<ActivityEntry> activity = FXCollections.observableArrayList();
    private final ObservableList<ActivityEntry> activityView = FXCollections.unmodifiableObservableList(activity);
    private EngineTask<?> current;

    public OperationRunner(Executor executor, Messages messages, ErrorSink errors, Clock clock) {
        this.executor = executor;
        this.messages = messages;
        this.errors = errors;
        this.clock = clock;
    }

    /**
     * Starts {@code operation} unless another one is running (then returns null). {@code describe}
     * turns its result into the activity line; {@code after} runs on the FX thread whatever the end.
     */
    public <T> EngineTask<T> run(String title, EngineTask.Operation<T> operation, Function<T, Outcome> describe,
            Runnable after) {
        if (running.get()) {
            return null;
        }
        EngineTask<T> task = new EngineTask<>(title, messages, operation);
        current = task;
        running.set(true);
        progress.bind(task.progressProperty());
        message.bind(task.messageProperty());
        task.setOnSucceeded(e -> {
            Outcome o = describe.apply(task.getValue());
            finish(title, o.ok() ? ActivityEntry.Outcome.OK : ActivityEntry.Outcome.FAILED, o.message(), null);
            after.run();
        });
        task.setOnFailed(e -> {
            failed(title, task.getException());
            after.run();
        });
        task.setOnCancelled(e -> {
            finish(title, ActivityEntry.Outcome.CANCELLED, messages.get("activity.cancelled"), null);
            after.run();
        });
        executor.execute(task);
        return task;
    }

    private void failed(String title, Throwable error) {
        if (EngineTask.wasCancelled(error)) {
            finish(title, ActivityEntry.Outcome.CANCELLED, messages.get("activity.cancelled"), null);
            return;
        }
        String sentence = sentence(error);
        if (error instanceof LifeboatException le && le.code() == ErrorCode.BUSY) {
            // Not a failure: another operation (maybe a scheduled one in another process) holds the
            // database; say what is running instead of raising an error dialog.
            LOG.log(System.Logger.Level.INFO, title + " not started: " + sentence);
            finish(title, ActivityEntry.Outcome.BUSY, sentence, null);
            return;
        }
        String details = stackTrace(error);
        LOG.log(System.Logger.Level.WARNING, title + " failed", error);
        finish(title, ActivityEntry.Outcome.FAILED, sentence, details);
        if (error instanceof LifeboatException le) {
            errors.show(title, sentence, details, le.remedy(), le.remedyArgs());
        } else {
            errors.show(title, sentence, details);
        }
    }

    /** The one sentence a person reads: the engine's own message, or a generic one for bugs. */
    public String sentence(Throwable error) {
        if (error instanceof LifeboatException le && error.getMessage() != null) {
            // The window's own words for the remedy (its buttons and menus), never the CLI's flags.
            String m = le.remedy() == Remedy.NONE ? le.getMessage()
                    : le.problem() + " — " + messages.get(le.remedy().key(), le.remedyArgs().toArray());
            return Character.toUpperCase(m.charAt(0)) + m.substring(1) + (m.endsWith(".") ? "" : ".");
        }
        return messages.get("error.unexpected", error.getClass().getSimpleName());
    }

    private static String stackTrace(Throwable error) {
        StringWriter w = new StringWriter();
        error.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private void finish(String title, ActivityEntry.Outcome outcome, String text, String details) {
        progress.unbind();
        message.unbind();
        progress.set(0);
        message.set("");
        current = null;
        if (text != null) {
            activity.add(0, new ActivityEntry(clock.instant(), title, outcome, text, details));
            if (activity.size() > ACTIVITY_LIMIT) {
                activity.remove(ACTIVITY_LIMIT, activity.size());
            }
        }
        running.set(false);
    }

    /** Records a quick operation that did not go through {@link #run} (e.g. a dialog's save). */
    public void note(String title, String text) {
        activity.add(0, new ActivityEntry(clock.instant(), title, ActivityEntry.Outcome.OK, text, null));
    }

    /** Appends older entries (e.g. last runs recorded on disk) below the current ones. */
    public void addHistory(List<ActivityEntry> entries) {
        activity.addAll(entries);
    }

    /** Asks the running operation to stop; it ends once the engine has cleaned up. */
    public void cancel() {
        if (current != null) {
            current.cancel();
        }
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObservableList<ActivityEntry> activity() {
        return activityView;
    }
}
