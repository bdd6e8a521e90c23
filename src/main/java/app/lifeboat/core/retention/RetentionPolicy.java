package app.lifeboat.core.retention;

/**
 * How many backups to keep. Zero turns a rule off; with every keep-rule off, retention keeps all
 * good backups (subject to max-count and max-age).
 *
 * @param maxCount keep at most this many good regular backups
 * @param maxAgeDays delete backups older than this many days (while a newer good backup exists)
 * @param keepLast keep the newest N good backups
 * @param keepHourly keep the newest good backup of each of the last N hours that have one
 * @param keepDaily likewise per day
 * @param keepWeekly likewise per ISO week
 * @param keepMonthly likewise per month
 * @param keepYearly likewise per year
 * @param keepPreMigration keep the newest N pre-migration backups, by their own rule
 */
public record RetentionPolicy(int maxCount, int maxAgeDays, int keepLast, int keepHourly, int keepDaily,
        int keepWeekly, int keepMonthly, int keepYearly, int keepPreMigration) {

    /** The number of pre-migration backups kept unless told otherwise. */
    public static final int DEFAULT_KEEP_PRE_MIGRATION = 3;

    /** Only max-count and max-age, as before keep-rules existed. */
    public RetentionPolicy(int maxCount, int maxAgeDays) {
        this(maxCount, maxAgeDays, 0, 0, 0, 0, 0, 0, DEFAULT_KEEP_PRE_MIGRATION);
    }

    public static RetentionPolicy keepAll() {
        return new RetentionPolicy(0, 0);
    }

    /** Sensible desktop defaults: last 3, 7 daily, 4 weekly, 12 monthly. */
    public static RetentionPolicy desktopDefaults() {
        return new RetentionPolicy(0, 0, 3, 0, 7, 4, 12, 0, DEFAULT_KEEP_PRE_MIGRATION);
    }

    public boolean hasKeepRules() {
        return keepLast + keepHourly + keepDaily + keepWeekly + keepMonthly + keepYearly > 0;
    }
}
