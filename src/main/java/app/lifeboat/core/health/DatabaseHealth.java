package app.lifeboat.core.health;

import java.time.Instant;
import java.util.List;

/**
 * The health of one database: its warnings and the facts behind them.
 *
 * @param newestGoodBackupAt null when there is no good backup
 */
public record DatabaseHealth(String database, Level level, List<Warning> warnings, Instant newestGoodBackupAt,
        int backupCount) {
    /** The overall badge: ok, warning or error. */
    public enum Level {
        OK, WARNING, ERROR;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean healthy() {
        return warnings.isEmpty();
    }
}
