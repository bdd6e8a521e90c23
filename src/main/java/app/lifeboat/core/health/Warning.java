package app.lifeboat.core.health;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One thing wrong with a database's protection, with a stable machine-readable code (for
 * {@code status --json} and monitoring) and a plain-words message (for banners and the CLI).
 */
public record Warning(Code code, Severity severity, String message) {
    /** Stable warning codes; their JSON spelling is the lower-case, dashed name. */
    public enum Code {
        BACKUPS_DISABLED, NEVER_BACKED_UP, STALE, LAST_BACKUP_FAILED, VERIFICATION_FAILED,
        DESTINATION_MISSING, DESTINATION_NOT_WRITABLE, LOW_DISK_SPACE, SOURCE_MISSING, UNREADABLE_METADATA,
        BACKUPS_UNDER_OLD_KEY, KEY_SOURCE_UNAVAILABLE, BACKUPS_UNREADABLE, OFFSITE_COPY_PENDING, OFFSITE_COPY_FAILING;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** How bad: a warning needs attention soon, an error means data is not protected now. */
    public enum Severity {
        WARNING, ERROR;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
