package app.lifeboat.core.base;

import java.util.concurrent.atomic.AtomicBoolean;

/** A cancellation flag shared between a caller (UI, Ctrl-C) and a running engine operation. */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** A token that is never cancelled. */
    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        cancelled.set(true);
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
