package app.lifeboat.core.retention;

/**
 * How many backups to keep. Zero turns a rule off.
 *
 * @param maxCount keep at most this many good backups
 * @param maxAgeDays delete backups older than this many days
 */
public record RetentionPolicy(int maxCount, int maxAgeDays) {
    public static RetentionPolicy keepAll() {
        return new RetentionPolicy(0, 0);
    }
}
