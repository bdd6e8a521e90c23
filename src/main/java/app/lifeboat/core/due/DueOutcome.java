package app.lifeboat.core.due;

/**
 * What {@code run-due} did for one database.
 *
 * @param action "backup" or "reverify"
 * @param backupId the backup taken or checked, when there is one
 */
public record DueOutcome(String database, String action, boolean ok, String message, String backupId) {}
