package app.lifeboat.core.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a backup was taken. */
public enum BackupType {
    MANUAL, SCHEDULED, PRE_RESTORE, PRE_MIGRATION;

    /**
     * Whether this is a copy of the database as it was before it was replaced by a restore: kept by
     * its own retention rule, never "the latest good backup" (restoring it would undo the restore).
     */
    public boolean isSafetyCopy() {
        return this == PRE_RESTORE;
    }

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
