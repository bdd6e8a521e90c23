package app.lifeboat.core.rekey;

import app.lifeboat.core.catalog.BackupRecord;
import java.util.List;

/**
 * What {@code rekey-backups} did: the fresh, verified backup under the current key, the old-key
 * backups it deleted, and the pinned ones it kept.
 */
public record RekeyResult(BackupRecord fresh, List<BackupRecord> deleted, List<BackupRecord> keptPinned) {}
