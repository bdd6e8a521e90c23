package app.lifeboat.cli;

import app.lifeboat.core.DatabaseOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options {@code add} and {@code set} share. */
final class DatabaseOptionsMixin {
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

    DatabaseOptions toOptions(String name, String source) {
        return new DatabaseOptions(name, dest, maxCount, maxAgeDays, onePerDay, disabled ? Boolean.FALSE : null, source,
                compression, level, encryptTo.isEmpty() ? null : encryptTo, passphraseEnv,
                passphraseFile == null ? null : java.nio.file.Path.of(passphraseFile).toAbsolutePath().toString(),
                noEncrypt, cipher, legacy, keyEnv,
                keyFile == null ? null : java.nio.file.Path.of(keyFile).toAbsolutePath().toString());
    }
}
