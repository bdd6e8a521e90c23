package app.lifeboat.core.codec;

/**
 * How one backup is stored: compression, and whether the result is wrapped in age encryption.
 * The stored file's name says the same in the order the layers were applied, so a person can
 * undo them by hand: {@code <id>.db.zst.age} is {@code age -d | zstd -d}.
 */
public record BackupFormat(Compression compression, int level, boolean ageEncrypted) {
    public static final BackupFormat PLAIN = new BackupFormat(Compression.NONE, 0, false);

    public String fileName(String id) {
        return id + ".db" + compression.extension() + (ageEncrypted ? ".age" : "");
    }

    /** True when the stored file is itself a SQLite database that SQLite can open in place. */
    public boolean isPlainFile() {
        return compression == Compression.NONE && !ageEncrypted;
    }
}
