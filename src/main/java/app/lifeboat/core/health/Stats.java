package app.lifeboat.core.health;

import java.time.Instant;

/**
 * Totals over a database's backups.
 *
 * @param averageRatio mean of original size / stored size over the full backups (1.0 when uncompressed; 0 when none)
 */
public record Stats(String database, int count, int goodCount, long totalStoredBytes, long totalOriginalBytes,
        Instant oldest, Instant newest, Instant newestGood, double averageRatio, long sourceSizeBytes) {}
