package app.lifeboat.core.sqlite;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Finds which encryption scheme opens a database with a given key. A wrong key, a wrong scheme
 * and "not a database" all look the same to SQLite (SQLITE_NOTADB), so each candidate is tried.
 */
public final class CipherDetector {
    private CipherDetector() {}

    /**
     * Returns the scheme that opens {@code file} with {@code key}; {@code cipher} and {@code legacy}
     * (either may be null) narrow the candidates.
     */
    public static CipherSpec detect(Path file, char[] key, String cipher, Integer legacy) {
        List<CipherSpec> candidates;
        try {
            if (cipher != null && (legacy != null || !cipher.equalsIgnoreCase("sqlcipher"))) {
                candidates = List.of(new CipherSpec(cipher, legacy));
            } else if (cipher != null) {
                candidates = List.of(new CipherSpec("sqlcipher", 4), new CipherSpec("sqlcipher", 3),
                        new CipherSpec("sqlcipher", 2), new CipherSpec("sqlcipher", 1));
            } else {
                candidates = legacy != null ? List.of(new CipherSpec("sqlcipher", legacy)) : CipherSpec.DETECTION_ORDER;
            }
        } catch (IllegalArgumentException e) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), Remedy.NAME_CIPHER);
        }
        for (CipherSpec spec : candidates) {
            DatabaseKey candidate = new DatabaseKey(spec, key);
            try (SourceTraces traces = SourceTraces.note(file, candidate);
                    Connection c = Sqlite.openReadOnly(file, candidate, 5_000)) {
                Sqlite.longValue(c, "SELECT count(*) FROM sqlite_schema");
                return spec;
            } catch (SQLException e) {
                // not this scheme (or not this key)
            }
        }
        throw new LifeboatException(ErrorCode.WRONG_KEY, "cannot open " + file + " with this key under "
                + (candidates.size() == 1 ? candidates.get(0).describe() : "any supported scheme (SQLCipher 1-4, "
                        + "sqlite3mc chacha20, aes128cbc, aes256cbc, ascon128, rc4)"), Remedy.NAME_CIPHER);
    }
}
