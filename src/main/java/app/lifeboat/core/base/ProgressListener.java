package app.lifeboat.core.base;

/**
 * Receives progress from a long engine operation. Implementations must be cheap and thread-safe:
 * the engine may call from worker threads. The UI and CLI throttle what they show.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = (phase, done, total) -> {};

    /**
     * Reports that {@code phase} has done {@code done} of {@code total} units (bytes or steps);
     * {@code total} is -1 when unknown.
     */
    void progress(Phase phase, long done, long total);

    /** The named stages of create, verify and restore, in the order they usually happen. */
    enum Phase {
        PREPARE, SNAPSHOT, CHECK, HASH, WRITE, VERIFY, SAFETY_COPY, RESTORE, PRUNE, UPLOAD, DONE
    }
}
