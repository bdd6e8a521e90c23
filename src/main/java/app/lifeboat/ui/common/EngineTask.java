package app.lifeboat.ui.common;

import app.lifeboat.core.base.Bytes;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javafx.concurrent.Task;

/**
 * One engine operation as a {@link Task}: forwards the engine's progress (phase and bytes) to
 * {@code progress}/{@code message}, and turns {@link #cancel} into the engine's {@link Cancellation}.
 *
 * <p>Cancelling does not end the task at once: it asks the engine to stop, and the task ends (failed
 * with a {@link ErrorCode#CANCELLED} error) only after the engine has removed its temporary files. A
 * task that is "done" has therefore left nothing partial behind.
 */
public final class EngineTask<T> extends Task<T> {
    /** The engine call this task runs on a worker thread. */
    @FunctionalInterface
    public interface Operation<T> {
        T run(ProgressListener progress, Cancellation cancellation);
    }

    private static final long MESSAGE_INTERVAL_NANOS = 100_000_000L;

    private final Cancellation cancellation = new Cancellation();
    private final AtomicBoolean started = new AtomicBoolean();
    private final Operation<T> operation;
    private final Messages messages;
    private volatile long lastMessageNanos;
    private volatile ProgressListener.Phase lastPhase;
    private final String title;
    /** Where the current phase's band of the bar starts: the bar only moves forward across phases. */
    private volatile double base;
    private volatile double shown;
    private final LongSupplier nanoTime;
    /** When the current phase began and how far it was then: the rate of a transfer is measured from there. */
    private volatile long phaseStartNanos;
    private volatile long phaseStartDone;

    public EngineTask(String title, Messages messages, Operation<T> operation) {
        this(title, messages, operation, System::nanoTime);
    }

    /** @param nanoTime the clock transfer rates are measured with (a test's own) */
    EngineTask(String title, Messages messages, Operation<T> operation, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.operation = operation;
        this.messages = messages;
        this.title = title;
        updateTitle(title);
        updateMessage(title);
    }

    @Override
    protected T call() {
        started.set(true);
        cancellation.check();
        return operation.run(this::onProgress, cancellation);
    }

    /** True when this task ended because the user cancelled it. */
    public static boolean wasCancelled(Throwable error) {
        return error instanceof LifeboatException e && e.code() == ErrorCode.CANCELLED;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        cancellation.cancel();
        // Not started yet: nothing to clean up, so it may end at once. Once call() has begun, the
        // task ends only when the engine has noticed the flag and removed its temporary files.
        if (!started.get()) {
            return super.cancel(false);
        }
        updateMessage(messages.get("progress.cancelling"));
        return true;
    }

    public boolean cancelRequested() {
        return cancellation.isCancelled();
    }

    private void onProgress(ProgressListener.Phase phase, long done, long total) {
        if (cancellation.isCancelled()) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (phase != lastPhase) {
            base = shown; // a new phase takes its band from where the last one stopped, never from 0
            phaseStartNanos = now;
            phaseStartDone = done;
        }
        if (phase == ProgressListener.Phase.DONE) {
            shown = 1;
        } else if (total > 0) {
            // Each phase fills half of what is left, so the bar keeps moving without knowing how
            // many phases an operation has.
            shown = Math.max(shown, base + (1 - base) * 0.5 * Math.min(1.0, (double) done / total));
        }
        // The engine reports every chunk (thousands a second on a fast disk); the window needs the
        // latest value ten times a second: each change costs the FX thread a layout and a paint.
        if (phase != lastPhase || now - lastMessageNanos > MESSAGE_INTERVAL_NANOS || done == total) {
            lastPhase = phase;
            lastMessageNanos = now;
            updateProgress(shown, 1);
            updateMessage(title + " — " + step(phase, done, total, now)); // the bar names the database it works on
        }
    }

    /** "Copying: 20 MiB of 100 MiB, 10 MiB/s, 8 s left" for an upload, once its rate has been measured for a second. */
    private String step(ProgressListener.Phase phase, long done, long total, long now) {
        String name = messages.get("phase." + phase.name().toLowerCase(Locale.ROOT));
        if (total <= 1) {
            return messages.get("progress.phase", name);
        }
        long elapsedNanos = now - phaseStartNanos;
        long moved = done - phaseStartDone;
        if (phase != ProgressListener.Phase.UPLOAD || elapsedNanos < 1_000_000_000L || moved <= 0 || done >= total) {
            return messages.get("progress.bytes", name, Bytes.human(done), Bytes.human(total));
        }
        double perSecond = moved * 1e9 / elapsedNanos;
        long secondsLeft = (long) Math.ceil((total - done) / perSecond);
        return messages.get("progress.transfer", name, Bytes.human(done), Bytes.human(total),
                Bytes.human((long) perSecond), timeLeft(secondsLeft));
    }

    private String timeLeft(long seconds) {
        if (seconds < 60) {
            return messages.get("progress.left.seconds", seconds);
        }
        if (seconds < 3600) {
            return messages.get("progress.left.minutes", seconds / 60, seconds % 60);
        }
        return messages.get("progress.left.hours", seconds / 3600, seconds % 3600 / 60);
    }
}
