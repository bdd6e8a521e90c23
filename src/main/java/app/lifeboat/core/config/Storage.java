package app.lifeboat.core.config;

import java.util.Locale;

/** How a database's backups are stored: one file per backup, or versions in a shared page store. */
public enum Storage {
    /** One self-contained (compressed, encrypted) file per backup. */
    FULL,
    /** Versions in the destination's incremental store, which keeps each changed page once. */
    INCREMENTAL;

    /** The word used in settings and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code full} or {@code incremental}; null for anything else. */
    public static Storage parse(String s) {
        for (Storage v : values()) {
            if (v.label().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return v;
            }
        }
        return null;
    }
}
