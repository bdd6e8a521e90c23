package app.lifeboat.core.health;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

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

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean healthy() {
        return warnings.isEmpty();
    }
}
