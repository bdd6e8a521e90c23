package app.lifeboat.core.restore;

import app.lifeboat.core.catalog.BackupRecord;
import java.nio.file.Path;

/**
 * What a restore did.
 *
 * @param preRestore the safety backup of what was replaced, or null if there was nothing readable to save
 * @param setAside where an unreadable previous file was kept, or null
 * @param note something the user should know about a restore that succeeded, or null
 */
public record RestoreResult(BackupRecord restored, Path target, BackupRecord preRestore, Path setAside, String note) {
    public RestoreResult(BackupRecord restored, Path target, BackupRecord preRestore, Path setAside) {
        this(restored, target, preRestore, setAside, null);
    }
}
