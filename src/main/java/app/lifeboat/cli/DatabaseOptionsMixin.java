package app.lifeboat.cli;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.KeepRules;
import app.lifeboat.core.config.Storage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** The options {@code add} and {@code set} share. */
final class DatabaseOptionsMixin {
    /** Refuses a compression or level given with incremental storage, which compresses each page with zstd itself. */
    void requireCompressionFits(Storage storage, Function<String, RuntimeException> usageError) {
        if (storage == Storage.INCREMENTAL && (compression != null || level != null)) {
            throw usageError.apply("--compression and --level apply to full backups; incremental storage compresses each page"
                    + " with zstd (add --storage full to store full files)");
        }
    }

    /** The storage asked for, or null when not given; a word that is not one is a usage error. */
    Storage storage(Function<String, RuntimeException> usageError) {
        if (storage == null) {
            return null;
        }
        Storage s = Storage.parse(storage);
        if (s == null) {
            throw usageError.apply("--storage takes full or incremental, not '" + storage + "'");
        }
        return s;
    }

    @Option(names = "--dest", paramLabel = "DIR", description = "Destination folder; backups go to DIR/<name>/.")
    String dest;

    @Option(names = "--max-count", paramLabel = "N", description = "Keep at most N good backups (0 = no limit).")
    Integer maxCount;

    @Option(names = "--max-age-days", paramLabel = "N", description = "Delete backups older than N days (0 = no limit).")
    Integer maxAgeDays;

    @Option(names = "--one-per-day", negatable = true, description = "Skip a second backup on the same UTC day unless --force.")
    Boolean onePerDay;

    @Option(names = "--disabled", description = "Register (or set) with backups turned off.")
    boolean disabled;

    @Option(names = "--compression", paramLabel = "zstd|gzip|none",
            description = "Compression of new backups (default zstd; none for encrypted databases).")
    String compression;

    @Option(names = "--level", paramLabel = "N", description = "Compression level (zstd 1-19, default 3; gzip 1-9, default 6).")
    Integer level;

    @Option(names = "--storage", paramLabel = "full|incremental",
            description = "How new backups are stored: full (one file per backup, the default) or incremental"
                    + " (versions in one store that keeps each changed page once).")
    String storage;

    @Option(names = "--encrypt-to", paramLabel = "age1...", description = "Encrypt backups to this age public key (repeatable).")
    List<String> encryptTo = new ArrayList<>();

    @Option(names = "--encrypt-passphrase-env", paramLabel = "VAR",
            description = "Encrypt backups with the age passphrase in environment variable VAR.")
    String passphraseEnv;

    @Option(names = "--encrypt-passphrase-file", paramLabel = "FILE",
            description = "Encrypt backups with the age passphrase stored in FILE.")
    String passphraseFile;

    @Option(names = "--no-encrypt", description = "Stop encrypting new backups.")
    boolean noEncrypt;

    @Option(names = "--key-env", paramLabel = "VAR", description = "Encrypted database: its key is in environment variable VAR.")
    String keyEnv;

    @Option(names = "--key-file", paramLabel = "FILE", description = "Encrypted database: its key is in FILE.")
    String keyFile;

    @Option(names = "--cipher", paramLabel = "NAME",
            description = "Encrypted database scheme: sqlcipher, chacha20, aes256cbc, aes128cbc, ascon128, rc4 (default: detect).")
    String cipher;

    @Option(names = "--legacy", paramLabel = "N", description = "SQLCipher compatibility level 1-4 (default: detect).")
    Integer legacy;

    @Option(names = "--every", paramLabel = "INTERVAL", description = "Back up every INTERVAL: 30m, 6h, 1d ...")
    String every;

    @Option(names = "--daily", paramLabel = "HH:MM", description = "Back up every day at HH:MM (local time).")
    String daily;

    @Option(names = "--weekly", paramLabel = "\"DAY HH:MM\"", description = "Back up every week, e.g. \"mon 02:00\".")
    String weekly;

    @Option(names = "--cron", paramLabel = "EXPR", description = "Back up on a cron schedule, e.g. \"0 3 * * 1-5\".")
    String cron;

    @Option(names = "--no-schedule", description = "Back up only when asked.")
    boolean noSchedule;

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the newest N good backups (0 = off).")
    Integer keepLast;

    @Option(names = "--keep-hourly", paramLabel = "N", description = "Keep one backup for each of the last N hours.")
    Integer keepHourly;

    @Option(names = "--keep-daily", paramLabel = "N", description = "Keep one backup for each of the last N days.")
    Integer keepDaily;

    @Option(names = "--keep-weekly", paramLabel = "N", description = "Keep one backup for each of the last N weeks.")
    Integer keepWeekly;

    @Option(names = "--keep-monthly", paramLabel = "N", description = "Keep one backup for each of the last N months.")
    Integer keepMonthly;

    @Option(names = "--keep-yearly", paramLabel = "N", description = "Keep one backup for each of the last N years.")
    Integer keepYearly;

    @Option(names = "--reverify", paramLabel = "weekly|daily|off",
            description = "Re-verify the newest and one random older backup this often (default weekly).")
    String reverify;

    private String schedule() {
        int given = (every != null ? 1 : 0) + (daily != null ? 1 : 0) + (weekly != null ? 1 : 0) + (cron != null ? 1 : 0)
                + (noSchedule ? 1 : 0);
        if (given > 1) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT,
                    "give only one of --every, --daily, --weekly, --cron and --no-schedule");
        }
        return every != null ? "every " + every : daily != null ? "daily " + daily : weekly != null ? "weekly " + weekly
                : cron != null ? "cron " + cron : noSchedule ? "off" : null;
    }

    private KeepRules keep() {
        if (keepLast == null && keepHourly == null && keepDaily == null && keepWeekly == null && keepMonthly == null
                && keepYearly == null) {
            return null;
        }
        return new KeepRules(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly);
    }

    DatabaseOptions toOptions(String name, String source) {
        return new DatabaseOptions(name, dest, maxCount, maxAgeDays, onePerDay, disabled ? Boolean.FALSE : null, source,
                compression, level, encryptTo.isEmpty() ? null : encryptTo, passphraseEnv,
                passphraseFile == null ? null : Path.of(passphraseFile).toAbsolutePath().toString(),
                noEncrypt, cipher, legacy, keyEnv,
                keyFile == null ? null : Path.of(keyFile).toAbsolutePath().toString(), schedule(), reverify,
                keep());
    }
}
