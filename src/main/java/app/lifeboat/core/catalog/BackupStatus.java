package app.lifeboat.core.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The state of a stored backup; only {@code ok} and {@code verified} count as good. */
public enum BackupStatus {
    OK, VERIFIED, FAILED, SOURCE_CORRUPT;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static BackupStatus parse(String label) {
        for (BackupStatus s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown backup status '" + label + "'");
    }

    public boolean isGood() {
        return this == OK || this == VERIFIED;
    }
}
