package app.lifeboat.core.restore;

import java.nio.file.Path;

/**
 * Which backup to restore and where.
 *
 * @param backupId a backup id, or null for the newest good backup
 * @param to restore into this new file instead of over the database (null = over the database)
 */
public record RestoreRequest(String backupId, Path to) {}
