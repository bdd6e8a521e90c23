package app.lifeboat.core.copy;

/**
 * A check of one copy at another destination without downloading it: its stored files are there
 * with the recorded sizes and, where the server keeps one, the recorded SHA-256.
 *
 * @param backupId the copy checked
 * @param ok whether every check passed
 * @param detail what was compared, or what differs
 */
public record QuickCheck(String backupId, boolean ok, String detail) {}
