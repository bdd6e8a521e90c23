package app.lifeboat.core.config;

import app.lifeboat.core.base.DatabaseName;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.codec.Compression;
import app.lifeboat.core.crypto.AgeKeys;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.schedule.Schedule;
import app.lifeboat.core.sqlite.CipherDetector;
import app.lifeboat.core.sqlite.CipherSpec;
import app.lifeboat.core.sqlite.SourceCheck;
import app.lifeboat.core.sqlite.SqliteFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Adds, changes and removes registered databases, validating everything before settings are
 * saved: a file that is not SQLite, a wrong key or a bad option is refused with nothing written.
 */
public final class DatabaseRegistry {
    /** New databases are backed up daily (counted from the last backup, so a missed day is caught up once). */


    private final SettingsStore store;

    public DatabaseRegistry(SettingsStore store) {
        this.store = store;
    }

    public DatabaseSettings get(String name) {
        return store.load().find(name).orElseThrow(() -> notRegistered(name));
    }

    public static LifeboatException notRegistered(String name) {
        return new LifeboatException(ErrorCode.NOT_FOUND, "no database named '" + name + "'", Remedy.LIST_DATABASES);
    }

    /**
     * Registers {@code source}. {@code keyFor} returns the key of an encrypted source (from the
     * options' key source or a prompt), or null when none can be had.
     */
    public DatabaseSettings add(Path source, DatabaseOptions o, Function<DatabaseOptions, char[]> keyFor) {
        Path abs = source.toAbsolutePath().normalize();
        CipherSpec cipher = checkSource(abs, o, keyFor);
        String name = DatabaseName.require(o.name() != null ? o.name() : DatabaseName.suggestFor(abs));
        String dest = o.destination() != null ? existingFolder(o.destination()) : defaultDestination();
        DatabaseSettings base = new DatabaseSettings(name, abs.toString(), dest, o.enabled() == null || o.enabled(),
                0, 0, false, null);
        DatabaseSettings db = apply(base.toBuilder().sourceCipher(cipher).keyEnv(o.keyEnv()).keyFile(o.keyFile())
                .keep(KeepRules.DESKTOP).schedule(DatabaseSettings.DEFAULT_SCHEDULE).reverify("weekly")
                .storage(storageFor(o).label()).build(), o);
        store.update(s -> {
            if (s.find(name).isPresent()) {
                throw new LifeboatException(ErrorCode.ALREADY_EXISTS, "a database named '" + name
                        + "' is already registered", Remedy.CHOOSE_ANOTHER_NAME, name);
            }
            s.databases().stream().filter(d -> d.sourcePath().equals(db.sourcePath())).findFirst().ifPresent(d -> {
                throw new LifeboatException(ErrorCode.ALREADY_EXISTS, abs + " is already registered as '"
                        + d.name() + "'", Remedy.CHANGE_SETTINGS, d.name());
            });
            return s.put(db);
        });
        return db;
    }

    /**
     * New databases are stored incrementally, unless the options ask for a compression or level:
     * those describe full files, so whoever names one wants one file per backup. Settings written
     * before (no storage at all) stay full.
     */
    static Storage storageFor(DatabaseOptions o) {
        if (o.storage() != null) {
            return o.storage();
        }
        return o.compression() != null || o.compressionLevel() != null ? Storage.FULL : Storage.INCREMENTAL;
    }

    /** Checks the source and returns its scheme (null for plain), refusing what cannot be backed up. */
    private static CipherSpec checkSource(Path abs, DatabaseOptions o, Function<DatabaseOptions, char[]> keyFor) {
        SqliteFile kind;
        try {
            kind = Files.isRegularFile(abs) ? SqliteFile.detect(abs) : null;
        } catch (IOException e) {
            kind = null;
        }
        boolean keyGiven = o.keyEnv() != null || o.keyFile() != null || o.cipher() != null || o.legacy() != null;
        if (kind == SqliteFile.LIKELY_ENCRYPTED) {
            char[] key = keyFor.apply(o);
            if (key == null) {
                throw new LifeboatException(ErrorCode.KEY_UNAVAILABLE, abs + " is an encrypted database and no key was"
                        + " given", Remedy.SET_KEY_SOURCE, o.name() != null ? o.name() : DatabaseName.suggestFor(abs));
            }
            return CipherDetector.detect(abs, key, o.cipher(), o.legacy());
        }
        SourceCheck.requireReadable(abs);
        if (keyGiven) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, abs
                    + " is a plain (unencrypted) SQLite database, but a key or cipher was given", Remedy.DROP_KEY_SETTINGS);
        }
        return null;
    }

    /** Changes the settings of {@code name}; null options are left as they are. */
    /**
     * Stores {@code name}'s next backups as {@code storage}; the backups already taken stay as they
     * are, listed and restorable side by side.
     */
    public DatabaseSettings setStorage(String name, Storage storage) {
        Settings s = store.update(current -> {
            DatabaseSettings d = current.find(name).orElseThrow(() -> notRegistered(name));
            return current.put(d.toBuilder().storage(storage.label()).build());
        });
        return s.find(name).orElseThrow();
    }

    public DatabaseSettings update(String name, DatabaseOptions o) {
        if (o.name() != null && !o.name().equals(name)) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "a database cannot be renamed — its backups live in"
                    + " a folder named after it; remove it and add it again under the new name");
        }
        Settings s = store.update(current -> {
            DatabaseSettings d = current.find(name).orElseThrow(() -> notRegistered(name));
            DatabaseSettings.Builder b = d.toBuilder();
            if (o.sourcePath() != null) {
                Path p = Path.of(o.sourcePath()).toAbsolutePath().normalize();
                if (!d.sourceEncrypted()) {
                    SourceCheck.requireReadable(p);
                }
                b.sourcePath(p.toString());
            }
            if (o.destination() != null) {
                String dest = existingFolder(o.destination());
                b.destination(dest).formerDestinations(formerAfterMove(d, dest));
            }
            if (o.enabled() != null) {
                b.enabled(o.enabled());
            }
            if (o.keyEnv() != null) {
                b.keyEnv(o.keyEnv()).keyFile(null);
            }
            if (o.keyFile() != null) {
                b.keyFile(o.keyFile()).keyEnv(null);
            }
            return current.put(apply(b.build(), o));
        });
        return s.find(name).orElseThrow();
    }

    /**
     * The former destinations once {@code d} moves to {@code newDest}: the current one joins them
     * while its folder holds backups (so they stay listed and restorable), and moving back to a
     * former one takes it off the list.
     */
    static List<String> formerAfterMove(DatabaseSettings d, String newDest) {
        List<String> former = new ArrayList<>(d.formerDestinations());
        former.remove(newDest);
        if (!d.destination().equals(newDest) && !former.contains(d.destination()) && holdsBackups(d.backupFolder())) {
            former.add(d.destination());
        }
        return former;
    }

    private static boolean holdsBackups(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".json"));
        } catch (IOException e) {
            // An unplugged drive may still hold backups: keep remembering it rather than forget them silently.
            return Files.notExists(folder.getParent());
        }
    }

    /** Stops listing the backups at a former destination of {@code name} (its last backup there was deleted). */
    public void forgetFormerDestination(String name, Path formerBackupFolder) {
        store.update(current -> current.find(name).map(d -> {
            List<String> former = new ArrayList<>(d.formerDestinations());
            former.removeIf(f -> Path.of(f).resolve(name).equals(formerBackupFolder));
            return current.put(d.toBuilder().formerDestinations(former).build());
        }).orElse(current));
    }

    /** Applies the retention, compression and encryption options shared by add and set. */
    private static DatabaseSettings apply(DatabaseSettings d, DatabaseOptions o) {
        DatabaseSettings.Builder b = d.toBuilder()
                .maxCount(nonNegative(o.maxCount(), d.maxCount(), "max count"))
                .maxAgeDays(nonNegative(o.maxAgeDays(), d.maxAgeDays(), "max age in days"));
        if (o.onePerDay() != null) {
            b.onePerDay(o.onePerDay());
        }
        if (o.schedule() != null) {
            try {
                b.schedule(Schedule.parse(o.schedule()).spec());
            } catch (IllegalArgumentException e) {
                throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "invalid schedule: " + e.getMessage()
                        + " — use e.g. 'every 6h', 'daily 02:00', 'weekly mon 02:00', 'cron 0 2 * * *' or 'off'");
            }
        }
        if (o.reverify() != null) {
            if (!List.of("daily", "weekly", "off").contains(o.reverify())) {
                throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "re-verification must be daily, weekly or off");
            }
            b.reverify(o.reverify());
        }
        if (o.keep() != null) {
            KeepRules k = o.keep();
            for (Integer v : new Integer[] {k.last(), k.hourly(), k.daily(), k.weekly(), k.monthly(), k.yearly()}) {
                if (v != null && v < 0) {
                    throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "keep rules must be 0 or more (0 turns a rule off)");
                }
            }
            b.keep((d.keep() == null ? KeepRules.NONE : d.keep()).merge(k));
        }
        if (o.compression() != null || o.compressionLevel() != null) {
            try {
                Compression c = o.compression() != null ? Compression.parse(o.compression()) : d.effectiveCompression();
                c.level(o.compressionLevel());
                b.compression(c.label()).compressionLevel(o.compressionLevel());
            } catch (IllegalArgumentException e) {
                throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "invalid compression setting: " + e.getMessage()
                        + " — check the compression name and level");
            }
        }
        if (o.noEncrypt()) {
            b.encryptTo(null).passphraseEnv(null).passphraseFile(null);
        }
        if (o.encryptTo() != null && !o.encryptTo().isEmpty()) {
            o.encryptTo().forEach(AgeKeys::recipientWriter); // validates each recipient
            b.encryptTo(o.encryptTo());
        }
        if (o.passphraseEnv() != null) {
            b.passphraseEnv(o.passphraseEnv()).passphraseFile(null);
        }
        if (o.passphraseFile() != null) {
            b.passphraseFile(Path.of(o.passphraseFile()).toAbsolutePath().toString()).passphraseEnv(null);
        }
        DatabaseSettings result = b.build();
        if (!result.encryptTo().isEmpty() && (result.passphraseEnv() != null || result.passphraseFile() != null)) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "backups can be encrypted to public keys or with a"
                    + " passphrase, not both (the age format allows a passphrase only on its own)",
                    Remedy.TURN_OFF_ENCRYPTION_FIRST, d.name());
        }
        return result;
    }

    public Optional<DatabaseSettings> find(String name) {
        return store.load().find(name);
    }

    public DatabaseSettings remove(String name) {
        DatabaseSettings db = get(name);
        store.update(s -> s.remove(name));
        return db;
    }

    /** A destination the user named must exist: creating folders on a drive that is not mounted hides mistakes. */
    public static String existingFolder(String dir) {
        Path p = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "the destination folder " + p
                    + " does not exist — create it (or mount the drive) first");
        }
        return p.toString();
    }

    private String defaultDestination() {
        Path p = store.home().defaultDestination();
        try {
            FileSafety.createPrivateDirectories(p);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot create " + p
                    + " — check that the Lifeboat home folder is writable", e);
        }
        return p.toString();
    }

    private static int nonNegative(Integer v, int fallback, String option) {
        if (v == null) {
            return fallback;
        }
        if (v < 0) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, option + " must be 0 or more (0 means no limit)");
        }
        return v;
    }
}
