package app.lifeboat.testing;

import app.lifeboat.core.sqlite.Sqlite;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/** Reads a database the way its own application would (a normal read-write open) and summarises it. */
public final class Content {
    private Content() {}

    /** A normal open: a hot journal is rolled back and a -wal is read, as the owning app would see it. */
    public static Connection openAsApp(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    public static List<String> rows(Connection c, String sql) throws SQLException {
        return Sqlite.rows(c, sql);
    }

    public static List<String> integrityCheck(Path file) throws SQLException {
        try (Connection c = openAsApp(file)) {
            return rows(c, "PRAGMA integrity_check");
        }
    }

    public static String journalMode(Path file) throws SQLException {
        try (Connection c = openAsApp(file)) {
            return rows(c, "PRAGMA journal_mode").get(0);
        }
    }

    public static long longValue(Path file, String sql) throws SQLException {
        try (Connection c = openAsApp(file); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** SHA-256 over every row of every table (by name, in rowid order): equal digests, equal data. */
    public static String digest(Path file) throws Exception {
        try (Connection c = openAsApp(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String table : rows(c, "SELECT name || '|' || (sql LIKE '%WITHOUT ROWID%') FROM sqlite_schema"
                    + " WHERE type = 'table' ORDER BY name")) {
                String name = table.substring(0, table.lastIndexOf('|'));
                String order = table.endsWith("|1") ? "1" : "rowid"; // a WITHOUT ROWID table: its key comes first
                md.update(("table " + name + "\n").getBytes());
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT * FROM \"" + name + "\" ORDER BY " + order)) {
                    int cols = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= cols; i++) {
                            byte[] v = rs.getBytes(i);
                            md.update(v == null ? new byte[] {0} : v);
                            md.update((byte) '|');
                        }
                        md.update((byte) '\n');
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }
}
