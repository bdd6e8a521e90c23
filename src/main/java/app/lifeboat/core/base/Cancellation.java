package app.lifeboat.core.base;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A cancellation flag shared between a caller (UI, Ctrl-C) and a running engine operation. */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** A token that is never cancelled. */
    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        if (!cancelled.getAndSet(true)) {
            listeners.forEach(Runnable::run);
        }
    }

    /**
     * Runs {@code action} when cancellation is requested (at once if it already was), for work
     * that cannot poll, such as a running SQLite statement; close the result to stop listening.
     */
    public AutoCloseable onCancel(Runnable action) {
        listeners.add(action);
        if (cancelled.get()) {
            action.run();
        }
        return () -> listeners.remove(action);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws a {@code CANCELLED} exception if cancellation was requested; call between chunks. */
    public void check() {
        if (cancelled.get()) {
            throw new LifeboatException(ErrorCode.CANCELLED, "the operation was cancelled — nothing was changed");
        }
    }
}
