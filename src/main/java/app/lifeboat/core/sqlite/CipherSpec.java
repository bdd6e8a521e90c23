package app.lifeboat.core.sqlite;

import java.util.List;
import java.util.Locale;

/**
 * How an encrypted database is encrypted: the SQLite3 Multiple Ciphers scheme name and, for
 * SQLCipher, the {@code legacy} compatibility level (1-4). Never holds the key.
 */
public record CipherSpec(String cipher, Integer legacy) {
    /** The schemes tried, in order, when a database is added without {@code --cipher}. */
    public static final List<CipherSpec> DETECTION_ORDER = List.of(
            new CipherSpec("sqlcipher", 4), new CipherSpec("sqlcipher", 3), new CipherSpec("chacha20", null),
            new CipherSpec("sqlcipher", 2), new CipherSpec("sqlcipher", 1), new CipherSpec("aes256cbc", null),
            new CipherSpec("aes128cbc", null), new CipherSpec("ascon128", null), new CipherSpec("rc4", null));

    public CipherSpec {
        cipher = cipher.toLowerCase(Locale.ROOT);
        if (!List.of("sqlcipher", "chacha20", "aes256cbc", "aes128cbc", "ascon128", "rc4").contains(cipher)) {
            throw new IllegalArgumentException("unknown cipher '" + cipher
                    + "' (expected sqlcipher, chacha20, aes256cbc, aes128cbc, ascon128 or rc4)");
        }
    }

    /** URI parameters that select this scheme (without the key). */
    public String uriParams() {
        return "cipher=" + cipher + (legacy != null ? "&legacy=" + legacy : "");
    }

    /** For metadata and messages, e.g. {@code sqlcipher (legacy 4)}. */
    public String describe() {
        return cipher + (legacy != null ? " (legacy " + legacy + ")" : "");
    }
}
