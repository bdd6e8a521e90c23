package app.lifeboat.ui.main;

import app.lifeboat.core.health.Warning;
import java.util.Locale;

/** A warning banner: the engine's warning and the one action that fixes it. */
public record Banner(Warning warning, Action action) {
    /** What the banner's button does. */
    public enum Action {
        ENABLE_BACKUPS, BACK_UP_NOW, CHOOSE_DESTINATION, VERIFY_AGAIN, RESTORE_LATEST, REKEY_BACKUPS, EDIT_SETTINGS, RETRY_COPIES, NONE;

        /** The i18n key of the button text. */
        public String key() {
            return "banner.action." + name().toLowerCase(Locale.ROOT).replace('_', '.');
        }
    }

    public static Banner of(Warning w) {
        Action a = switch (w.code()) {
            case BACKUPS_DISABLED -> Action.ENABLE_BACKUPS;
            case NEVER_BACKED_UP, STALE, LAST_BACKUP_FAILED -> Action.BACK_UP_NOW;
            case DESTINATION_MISSING, DESTINATION_NOT_WRITABLE, LOW_DISK_SPACE, BACKUPS_UNREADABLE -> Action.CHOOSE_DESTINATION;
            case VERIFICATION_FAILED -> Action.VERIFY_AGAIN;
            case SOURCE_MISSING -> Action.RESTORE_LATEST;
            case BACKUPS_UNDER_OLD_KEY -> Action.REKEY_BACKUPS;
            case KEY_SOURCE_UNAVAILABLE -> Action.EDIT_SETTINGS;
            case UNREADABLE_METADATA -> Action.NONE;
            case OFFSITE_COPY_PENDING, OFFSITE_COPY_FAILING -> Action.RETRY_COPIES;
        };
        return new Banner(w, a);
    }
}
