package app.lifeboat.core.restore;

import app.lifeboat.core.catalog.BackupRecord;
import java.util.Map;

/**
 * What a table restore did.
 *
 * @param rows rows now in each restored table (or in the copy made with a new name), by name
 * @param preRestore the safety backup of the database taken first
 */
public record TableRestoreResult(BackupRecord restored, Map<String, Long> rows, BackupRecord preRestore) {
    public TableRestoreResult {
        rows = Map.copyOf(rows);
    }
}
