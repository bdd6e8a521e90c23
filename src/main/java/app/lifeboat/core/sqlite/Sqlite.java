package app.lifeboat.core.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Opens SQLite connections the safe way for a backup tool: existing files read-only, so a typo in
 * a path never creates an empty database, and stored backups as immutable, so checking a backup
 * never writes beside it.
 */
public final class Sqlite {
    static {
        // SQLite3 Multiple Ciphers registers its extensions (sha3_query, the ciphers) from
        // SQLITE_EXTRA_INIT, which runs after sqlite3_initialize has already marked the library as
        // initialised and released its mutex. A second thread opening its first connection at that
        // moment (verify opens two at once) gets a connection without them: "no such function:
        // sha3_query", seen about once in a few dozen fresh processes. The JVM runs this class's
        // initialiser once, on one thread, before any method here can open a connection.
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite::memory:")) {
            c.isValid(0);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Sqlite() {}

    /** Loads the native library now (this class's initialiser), so a caller can do it ahead, on another thread. */
    public static void load() {
        // the work is in the static initialiser, which the JVM runs once whichever thread comes first
    }

    /** Opens an existing database read-only, honouring other processes' locks (for live sources). */
    public static Connection openReadOnly(Path file, int busyTimeoutMillis) throws SQLException {
        return openReadOnly(file, null, busyTimeoutMillis);
    }

    /** Like {@link #openReadOnly(Path, int)} for a database encrypted with {@code key} (null: plain). */
    public static Connection openReadOnly(Path file, DatabaseKey key, int busyTimeoutMillis) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(busyTimeoutMillis);
        return config.createConnection(uri(file, withKey("mode=ro", key)));
    }

    /** Opens a closed file that nobody writes (a stored backup or a staged copy) without locking. */
    public static Connection openImmutable(Path file) throws SQLException {
        return openImmutable(file, null);
    }

    public static Connection openImmutable(Path file, DatabaseKey key) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        return config.createConnection(uri(file, withKey("mode=ro&immutable=1", key)));
    }

    /** Opens an existing database for writing (restore checks, tests). */
    public static Connection openReadWrite(Path file, int busyTimeoutMillis) throws SQLException {
        return openReadWrite(file, null, busyTimeoutMillis);
    }

    public static Connection openReadWrite(Path file, DatabaseKey key, int busyTimeoutMillis) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyTimeoutMillis);
        return config.createConnection(uri(file, withKey("mode=rw", key)));
    }

    /**
     * Runs a passive checkpoint on the WAL-mode database {@code file}: committed frames are copied
     * into the main file, never waiting for or blocking other connections. True when every frame
     * of the WAL is in the file now; false when some are not (a reader still needs them, another
     * checkpoint ran), when the file is not in WAL mode, or when it cannot be opened for writing,
     * with nothing changed.
     */
    public static boolean passiveCheckpoint(Path file, DatabaseKey key, int busyTimeoutMillis) {
        try (Connection w = openReadWrite(file, key, busyTimeoutMillis); Statement s = w.createStatement();
                ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            // busy, frames in the WAL, frames copied into the file (-1 and -1 when not in WAL mode)
            return r.next() && r.getInt(1) == 0 && r.getLong(2) > 0 && r.getLong(2) == r.getLong(3);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The target argument for SQLite's backup API: a plain path, or a {@code file:} URI that
     * creates the copy with the same cipher and key (the backup API copies pages as they are
     * decrypted, so the destination must be keyed too).
     */
    public static String backupTarget(Path file, DatabaseKey key) {
        return key == null ? file.toString() : file.toAbsolutePath().toUri() + "?" + key.uriParams();
    }

    /**
     * The file name for {@code ATTACH DATABASE} of a closed file nobody writes: read-only,
     * immutable and, for an encrypted database, with its cipher and key, so its pages are
     * decrypted in memory only. It holds the key: use it only inside SQL run in this process.
     */
    public static String attachName(Path file, DatabaseKey key) {
        return uri(file, withKey("mode=ro&immutable=1", key)).substring("jdbc:sqlite:".length());
    }

    /** Like {@link #attachName} for a live database other programs write: read-only, honouring their locks. */
    public static String attachNameLive(Path file, DatabaseKey key) {
        return uri(file, withKey("mode=ro", key)).substring("jdbc:sqlite:".length());
    }

    private static String withKey(String params, DatabaseKey key) {
        return key == null ? params : params + "&" + key.uriParams();
    }

    /** A {@code file:} URI that survives spaces, {@code ?}, {@code #} and {@code %} in paths. */
    public static String uri(Path file, String params) {
        String u = "jdbc:sqlite:" + file.toAbsolutePath().toUri().toString();
        return params == null || params.isEmpty() ? u : u + "?" + params;
    }

    /** Every row of a one-column query as text (pragmas report problems as rows, not errors). */
    public static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Runs a statement that returns no rows, such as a setting pragma. */
    public static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public static long longValue(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    public static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** True when an integrity or quick check printed exactly one row, {@code ok}. */
    public static boolean checkPassed(List<String> rows) {
        return rows.size() == 1 && "ok".equals(rows.get(0));
    }
}
