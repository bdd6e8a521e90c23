package app.lifeboat.core.create;

import app.lifeboat.core.copy.CopyOutcome;
import java.util.List;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.retention.PrunePlan;

/** The outcome of a create: a backup was taken ({@link Created}), or the one-per-day rule skipped it ({@link Skipped}). */
public sealed interface CreateResult permits CreateResult.Created, CreateResult.Skipped {

    /**
     * A backup was taken and retention applied afterwards.
     *
     * @param pruned what retention decided right after this backup
     * @param copies what happened to its copies to other destinations (queued ones are retried later)
     */
    record Created(BackupRecord backup, PrunePlan pruned, List<CopyOutcome> copies) implements CreateResult {
        public Created {
            copies = List.copyOf(copies);
        }
    }

    /**
     * No backup was taken: one-per-day is on and a good backup was already taken today.
     *
     * @param existing that good backup of today
     */
    record Skipped(BackupRecord existing) implements CreateResult {}

    default boolean skipped() {
        return this instanceof Skipped;
    }

    /** The run's backup, for callers that asked with {@code force}; fails if the run was skipped. */
    default Created created() {
        if (this instanceof Created c) {
            return c;
        }
        throw new IllegalStateException("the backup was skipped by the one-per-day rule");
    }
}
