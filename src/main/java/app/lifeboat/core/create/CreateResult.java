package app.lifeboat.core.create;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.retention.PrunePlan;

/**
 * The outcome of a create: the new backup, or why none was taken; and what retention removed.
 *
 * @param backup null when skipped
 * @param skippedReason null unless skipped
 * @param pruned what retention decided afterwards (null when skipped)
 */
public record CreateResult(BackupRecord backup, String skippedReason, PrunePlan pruned) {
    public boolean skipped() {
        return backup == null;
    }
}
