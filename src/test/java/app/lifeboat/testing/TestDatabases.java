package app.lifeboat.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Builds real SQLite files for tests: WAL mode, some rows, optionally writes left only in the -wal. */
public final class TestDatabases {
    private TestDatabases() {}

    public static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    /** A small SQLCipher 4 database (one table, one row) opened with {@code key}. */
    public static Path createSqlCipher(Path file, String key) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?cipher=sqlcipher&legacy=4&key=" + key);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO t(v) VALUES ('x')");
        }
        return file;
    }

    /** A WAL database with {@code rows} notes and a small users table, fully checkpointed. */
    public static Path create(Path file, int rows) throws SQLException {
        try (Connection c = open(file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            s.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), body TEXT, data BLOB)");
            s.execute("CREATE INDEX notes_user ON notes(user_id)");
            s.execute("CREATE TABLE kv(k TEXT PRIMARY KEY, v) WITHOUT ROWID");
            s.execute("INSERT INTO users(name) VALUES ('ada'), ('grace'), ('linus')");
            s.execute("INSERT INTO kv VALUES ('schema', 1), ('owner', 'tests')");
            insertNotes(c, rows, "note");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return file;
    }

    public static void insertNotes(Connection c, int rows, String prefix) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO notes(user_id, body, data) VALUES (?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                p.setInt(1, 1 + i % 3);
                p.setString(2, prefix + " " + i + " lorem ipsum dolor sit amet");
                p.setBytes(3, new byte[] {(byte) i, (byte) (i >> 8), 42});
                p.executeUpdate();
            }
        }
        c.commit();
        c.setAutoCommit(auto);
    }

    /**
     * Opens a connection with automatic checkpoints off and commits {@code rows} more notes, so they
     * exist only in the -wal file while the returned connection stays open. Close it to checkpoint.
     */
    public static Connection writeOnlyToWal(Path file, int rows, String prefix) throws SQLException {
        Connection c = open(file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint=0");
        }
        insertNotes(c, rows, prefix);
        return c;
    }

    public static long count(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
                Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
