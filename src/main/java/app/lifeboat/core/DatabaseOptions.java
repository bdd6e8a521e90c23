package app.lifeboat.core;

/**
 * Settings given to {@code add} or {@code set}; a null field means "leave as is" (or the default
 * when adding).
 */
public record DatabaseOptions(String name, String destination, Integer maxCount, Integer maxAgeDays,
        Boolean onePerDay, Boolean enabled, String sourcePath) {
    public static DatabaseOptions none() {
        return new DatabaseOptions(null, null, null, null, null, null, null);
    }
}
