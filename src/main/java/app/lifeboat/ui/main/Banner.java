package app.lifeboat.ui.main;

import app.lifeboat.core.health.Warning;

/** A warning banner: the engine's warning and the one action that fixes it. */
public record Banner(Warning warning, Action action) {
    /** What the banner's button does. */
    public enum Action {
        ENABLE_BACKUPS, BACK_UP_NOW, CHOOSE_DESTINATION, VERIFY_AGAIN, RESTORE_LATEST, NONE;

        /** The i18n key of the button text. */
        public String key() {
            return "banner.action." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
        }
    }

    public static Banner of(Warning w) {
        // A statement with a default, not an exhaustive switch expression: a warning code the engine
        // adds later still gets its banner (with its own words), just without a button until mapped.
        Action a;
        switch (w.code()) {
            case BACKUPS_DISABLED -> a = Action.ENABLE_BACKUPS;
            case NEVER_BACKED_UP, STALE, LAST_BACKUP_FAILED -> a = Action.BACK_UP_NOW;
            case DESTINATION_MISSING, DESTINATION_NOT_WRITABLE, LOW_DISK_SPACE -> a = Action.CHOOSE_DESTINATION;
            case VERIFICATION_FAILED -> a = Action.VERIFY_AGAIN;
            case SOURCE_MISSING -> a = Action.RESTORE_LATEST;
            default -> a = Action.NONE;
        }
        return new Banner(w, a);
    }
}
