/**
 * SQLite access through sqlite-jdbc-crypt. Sources and backups are opened read-only (a typo
 * never creates an empty database) and stored backups immutable. Snapshots use the backup API
 * inside an open read transaction, the one mechanism measured to finish under constant writes;
 * the SQL {@code backup to}/{@code restore from} statements are never used because they hide
 * errors. Integrity pragmas report problems as rows, so a check passes only on exactly one
 * {@code ok} row.
 */
package app.lifeboat.core.sqlite;
