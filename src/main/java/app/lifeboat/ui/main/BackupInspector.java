package app.lifeboat.ui.main;

import app.lifeboat.core.catalog.BackupRecord;
import java.util.List;

/** Opens the windows that look inside backups (the browser and Compare); the composition root supplies them. */
public interface BackupInspector {
    /** Opens {@code backup} of {@code database} in a browser window: its tables, rows and queries. */
    void open(String database, BackupRecord backup);

    /**
     * Opens the Compare window over {@code database}'s backups (newest first), with {@code selected}
     * chosen as the older side when given.
     */
    void compare(String database, List<BackupRecord> backups, BackupRecord selected);
}
