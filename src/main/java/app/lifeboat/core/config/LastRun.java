package app.lifeboat.core.config;

import java.time.Instant;

/**
 * The outcome of the most recent backup attempt of a database, kept in the home folder because a
 * failed attempt leaves no backup (and so no sidecar) behind.
 *
 * @param backupId the backup it produced, or null
 */
public record LastRun(Instant at, boolean ok, String message, String backupId) {}
