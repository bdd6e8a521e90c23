package app.lifeboat.ui.main;

import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.health.DatabaseHealth;

/**
 * One entry of the database list, computed off the FX thread.
 *
 * @param lastGood "2 h ago" or "never", ready to show
 * @param running what is running on it now, in this process or another (a scheduled backup), or null
 */
public record DatabaseItem(DatabaseSettings settings, DatabaseHealth health, String lastGood, String running) {
    public DatabaseItem(DatabaseSettings settings, DatabaseHealth health, String lastGood) {
        this(settings, health, lastGood, null);
    }

    public String name() {
        return settings.name();
    }

    public DatabaseHealth.Level level() {
        return health.level();
    }
}
