package app.lifeboat.core.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a backup was taken. */
public enum BackupType {
    MANUAL, SCHEDULED, PRE_RESTORE, PRE_MIGRATION;

    /** The on-disk and command-line spelling, e.g. {@code pre-restore}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static BackupType parse(String label) {
        for (BackupType t : values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown backup type '" + label
                + "' (expected manual, scheduled, pre-restore or pre-migration)");
    }
}
