package app.lifeboat.core.config;

import java.util.List;

/**
 * Settings given to {@code add} or {@code set}; a null field means "leave as is" (or the default
 * when adding).
 *
 * @param encryptTo age recipients; an empty list turns age encryption off (with {@code noEncrypt})
 * @param noEncrypt turn age encryption off
 * @param cipher for an encrypted source: the scheme (sqlcipher, chacha20, ...), null to detect
 * @param legacy for SQLCipher: the compatibility level 1-4, null to detect
 * @param schedule a schedule in stored form ("every 6h", "daily 02:00", "weekly mon 02:00", "cron ...", "off")
 * @param reverify daily, weekly or off
 * @param keep keep-rules to change (null fields unchanged)
 * @param storage when adding: full files or the incremental store, null for the default (incremental,
 *     or full when a compression or level is given); a registered database changes it with setStorage
 */
public record DatabaseOptions(String name, String destination, Integer maxCount, Integer maxAgeDays,
        Boolean onePerDay, Boolean enabled, String sourcePath, String compression, Integer compressionLevel,
        List<String> encryptTo, String passphraseEnv, String passphraseFile, boolean noEncrypt, String cipher,
        Integer legacy, String keyEnv, String keyFile, String schedule, String reverify,
        KeepRules keep, Storage storage) {

    /** The options before the storage could be chosen with them. */
    public DatabaseOptions(String name, String destination, Integer maxCount, Integer maxAgeDays,
            Boolean onePerDay, Boolean enabled, String sourcePath, String compression, Integer compressionLevel,
            List<String> encryptTo, String passphraseEnv, String passphraseFile, boolean noEncrypt, String cipher,
            Integer legacy, String keyEnv, String keyFile, String schedule, String reverify, KeepRules keep) {
        this(name, destination, maxCount, maxAgeDays, onePerDay, enabled, sourcePath, compression, compressionLevel,
                encryptTo, passphraseEnv, passphraseFile, noEncrypt, cipher, legacy, keyEnv, keyFile, schedule, reverify, keep,
                null);
    }

    /** These options with {@code s} as the storage. */
    public DatabaseOptions withStorage(Storage s) {
        return new DatabaseOptions(name, destination, maxCount, maxAgeDays, onePerDay, enabled, sourcePath, compression,
                compressionLevel, encryptTo, passphraseEnv, passphraseFile, noEncrypt, cipher, legacy, keyEnv, keyFile,
                schedule, reverify, keep, s);
    }

    /** The options before schedules and keep-rules existed. */
    public DatabaseOptions(String name, String destination, Integer maxCount, Integer maxAgeDays,
            Boolean onePerDay, Boolean enabled, String sourcePath, String compression, Integer compressionLevel,
            List<String> encryptTo, String passphraseEnv, String passphraseFile, boolean noEncrypt, String cipher,
            Integer legacy, String keyEnv, String keyFile) {
        this(name, destination, maxCount, maxAgeDays, onePerDay, enabled, sourcePath, compression, compressionLevel,
                encryptTo, passphraseEnv, passphraseFile, noEncrypt, cipher, legacy, keyEnv, keyFile, null, null, null, null);
    }

    /** The retention and scheduling options only. */
    public DatabaseOptions(String name, String destination, Integer maxCount, Integer maxAgeDays,
            Boolean onePerDay, Boolean enabled, String sourcePath) {
        this(name, destination, maxCount, maxAgeDays, onePerDay, enabled, sourcePath, null, null, null, null, null,
                false, null, null, null, null, null, null, null, null);
    }

    public static DatabaseOptions none() {
        return new DatabaseOptions(null, null, null, null, null, null, null);
    }
}
