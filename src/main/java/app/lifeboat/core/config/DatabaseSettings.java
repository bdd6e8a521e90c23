package app.lifeboat.core.config;

import app.lifeboat.core.codec.Compression;
import app.lifeboat.core.retention.RetentionPolicy;
import app.lifeboat.core.schedule.Schedule;
import app.lifeboat.core.sqlite.CipherSpec;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One registered database and how it is backed up. Backups go to {@code <destination>/<name>/}.
 * Secrets are never stored here: only where they come from (an environment variable or a file).
 *
 * @param maxCount keep at most this many backups (0 = no limit)
 * @param maxAgeDays delete backups older than this (0 = no limit)
 * @param onePerDay skip a second backup on the same UTC day unless forced
 * @param compression zstd, gzip or none; null means the default (zstd, or none for an encrypted source)
 * @param compressionLevel null means the codec's default
 * @param encryptTo age X25519 recipients ({@code age1...}) backups are encrypted to
 * @param passphraseEnv environment variable holding the age passphrase for backups
 * @param passphraseFile file holding the age passphrase for backups
 * @param sourceCipher the scheme of an encrypted source database, null for a plain one
 * @param keyEnv environment variable holding the source database's key
 * @param keyFile file holding the source database's key
 * @param schedule when backups run by themselves, in {@link app.lifeboat.core.schedule.Schedule}'s
 *     stored form; null means off
 * @param reverify how often the newest and one random older backup are verified again: daily,
 *     weekly (the default) or off
 * @param keep the retention keep-rules
 * @param formerDestinations destinations this database backed up to before, whose backups are still
 *     listed and restorable (never pruned or written) until the last of them is deleted
 * @param copyTo the named destinations each backup is copied to once it is verified here
 * @param storage "full" (one file per backup) or "incremental"; null (settings written before it
 *     existed) means full
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatabaseSettings(
        String name,
        String sourcePath,
        String destination,
        boolean enabled,
        int maxCount,
        int maxAgeDays,
        boolean onePerDay,
        String compression,
        Integer compressionLevel,
        List<String> encryptTo,
        String passphraseEnv,
        String passphraseFile,
        CipherSpec sourceCipher,
        String keyEnv,
        String keyFile,
        String schedule,
        String reverify,
        KeepRules keep,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> formerDestinations,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CopyTarget> copyTo,
        String storage,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

    /** The schedule a newly added database gets: once a day, counted from its last backup. */
    public static final String DEFAULT_SCHEDULE = "every 1d";

    public DatabaseSettings {
        encryptTo = encryptTo == null ? List.of() : List.copyOf(encryptTo);
        formerDestinations = formerDestinations == null ? List.of() : List.copyOf(formerDestinations);
        copyTo = copyTo == null ? List.of() : List.copyOf(copyTo);
        extra = extra == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extra);
    }

    /** A plain database with default storage settings. */
    public DatabaseSettings(String name, String sourcePath, String destination, boolean enabled, int maxCount,
            int maxAgeDays, boolean onePerDay, Map<String, Object> extra) {
        this(name, sourcePath, destination, enabled, maxCount, maxAgeDays, onePerDay, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, extra);
    }

    public Path source() {
        return Path.of(sourcePath);
    }

    /** The folder that holds this database's backups and sidecars. */
    public Path backupFolder() {
        return Path.of(destination).resolve(name);
    }

    /** The folders that held this database's backups before its destination changed, oldest change first. */
    @JsonIgnore
    public List<Path> formerBackupFolders() {
        return formerDestinations.stream().map(d -> Path.of(d).resolve(name)).toList();
    }

    @JsonIgnore
    public boolean sourceEncrypted() {
        return sourceCipher != null;
    }

    /** The compression in effect: compressing ciphertext gains nothing, so encrypted sources default to none. */
    @JsonIgnore
    public Compression effectiveCompression() {
        if (compression != null) {
            return Compression.parse(compression);
        }
        return sourceEncrypted() ? Compression.NONE : Compression.ZSTD;
    }

    /** True when backups are wrapped in age encryption. */
    @JsonIgnore
    public boolean ageEncrypted() {
        return !encryptTo.isEmpty() || passphraseEnv != null || passphraseFile != null;
    }

    /** What backup metadata records about the age recipients: the public keys, and "scrypt" for a passphrase. */
    @JsonIgnore
    public List<String> recipientLabels() {
        return recipientLabels(encryptTo, passphraseEnv != null || passphraseFile != null);
    }

    private static List<String> recipientLabels(List<String> encryptTo, boolean passphrase) {
        List<String> labels = new ArrayList<>(encryptTo);
        if (passphrase) {
            labels.add("scrypt");
        }
        return labels;
    }

    /**
     * The recipient set these backups are encrypted to, as one stable text (its labels, sorted):
     * an incremental store takes versions for one set only. A new passphrase behind the same
     * source is the same set: nothing derived from a passphrase is kept.
     */
    @JsonIgnore
    public String recipientsId() {
        return recipientsId(encryptTo, passphraseEnv != null || passphraseFile != null);
    }

    /** {@link #recipientsId()} of settings that would encrypt to {@code encryptTo} (and a passphrase, when asked). */
    public static String recipientsId(List<String> encryptTo, boolean passphrase) {
        List<String> labels = recipientLabels(encryptTo, passphrase);
        Collections.sort(labels);
        return String.join(",", labels);
    }

    /** The schedule in effect. */
    @JsonIgnore
    public Schedule effectiveSchedule() {
        return Schedule.parse(schedule);
    }

    /** How often to re-verify, as a period; null when off. */
    @JsonIgnore
    public Duration reverifyPeriod() {
        String r = reverify == null ? "weekly" : reverify;
        return switch (r) {
            case "daily" -> Duration.ofDays(1);
            case "off" -> null;
            default -> Duration.ofDays(7);
        };
    }

    /** Retention as the planner sees it. */
    @JsonIgnore
    public RetentionPolicy retentionPolicy() {
        KeepRules k = keep == null ? KeepRules.NONE : keep;
        return new RetentionPolicy(maxCount, maxAgeDays, KeepRules.n(k.last()),
                KeepRules.n(k.hourly()), KeepRules.n(k.daily()), KeepRules.n(k.weekly()), KeepRules.n(k.monthly()),
                KeepRules.n(k.yearly()), RetentionPolicy.DEFAULT_KEEP_PRE_MIGRATION);
    }

    /** How backups are stored; an unknown word from a newer version counts as full, which every version reads. */
    @JsonIgnore
    public Storage effectiveStorage() {
        Storage s = Storage.parse(storage);
        return s == null ? Storage.FULL : s;
    }

    public DatabaseSettings withEnabled(boolean e) {
        return toBuilder().enabled(e).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies settings with some fields changed. */
    public static final class Builder {
        private String name, sourcePath, destination, compression, passphraseEnv, passphraseFile, keyEnv, keyFile,
                schedule, reverify;
        private KeepRules keep;
        private boolean enabled, onePerDay;
        private int maxCount, maxAgeDays;
        private Integer compressionLevel;
        private List<String> encryptTo, formerDestinations;
        private List<CopyTarget> copyTo;
        private String storage;
        private CipherSpec sourceCipher;
        private Map<String, Object> extra;

        Builder(DatabaseSettings d) {
            name = d.name; sourcePath = d.sourcePath; destination = d.destination; enabled = d.enabled;
            maxCount = d.maxCount; maxAgeDays = d.maxAgeDays; onePerDay = d.onePerDay; compression = d.compression;
            compressionLevel = d.compressionLevel; encryptTo = d.encryptTo; passphraseEnv = d.passphraseEnv;
            passphraseFile = d.passphraseFile; sourceCipher = d.sourceCipher; keyEnv = d.keyEnv; keyFile = d.keyFile;
            extra = d.extra; schedule = d.schedule; reverify = d.reverify; keep = d.keep;
            formerDestinations = d.formerDestinations;
            copyTo = d.copyTo;
            storage = d.storage;
        }

        public Builder sourcePath(String v) { sourcePath = v; return this; }
        public Builder destination(String v) { destination = v; return this; }
        public Builder enabled(boolean v) { enabled = v; return this; }
        public Builder maxCount(int v) { maxCount = v; return this; }
        public Builder maxAgeDays(int v) { maxAgeDays = v; return this; }
        public Builder onePerDay(boolean v) { onePerDay = v; return this; }
        public Builder compression(String v) { compression = v; return this; }
        public Builder compressionLevel(Integer v) { compressionLevel = v; return this; }
        public Builder encryptTo(List<String> v) { encryptTo = v; return this; }
        public Builder passphraseEnv(String v) { passphraseEnv = v; return this; }
        public Builder passphraseFile(String v) { passphraseFile = v; return this; }
        public Builder sourceCipher(CipherSpec v) { sourceCipher = v; return this; }
        public Builder keyEnv(String v) { keyEnv = v; return this; }
        public Builder keyFile(String v) { keyFile = v; return this; }
        public Builder schedule(String v) { schedule = v; return this; }
        public Builder reverify(String v) { reverify = v; return this; }
        public Builder keep(KeepRules v) { keep = v; return this; }
        public Builder formerDestinations(List<String> v) { formerDestinations = v; return this; }
        public Builder copyTo(List<CopyTarget> v) { copyTo = v; return this; }
        public Builder storage(String v) { storage = v; return this; }

        public DatabaseSettings build() {
            return new DatabaseSettings(name, sourcePath, destination, enabled, maxCount, maxAgeDays, onePerDay,
                    compression, compressionLevel, encryptTo, passphraseEnv, passphraseFile, sourceCipher, keyEnv,
                    keyFile, schedule, reverify, keep, formerDestinations, copyTo, storage, extra);
        }
    }
}
