package app.lifeboat.core.restore;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.sqlite.DatabaseKey;
import app.lifeboat.core.sqlite.Sqlite;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts tables from a verified backup file back into the live database in one transaction: their
 * rows are replaced (or copied beside them under a new name). Triggers on a replaced table are
 * set aside for the swap and put back, so they do not fire on rows that are only being restored;
 * foreign keys are not enforced during it (no cascade deletes elsewhere) but checked before commit:
 * any violation that was not there before, or an integrity problem, rolls everything back. Killed
 * at any moment, SQLite's transaction leaves the old content or the new, never a mix.
 */
final class TableRestorer {
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^\\s*CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\"(?:[^\"]|\"\")*\"|\\[[^\\]]*\\]|`[^`]*`|[^\\s(]+)",
            Pattern.CASE_INSENSITIVE);

    private TableRestorer() {}

    /**
     * @param key the key of an encrypted database (null: plain); the backup file is encrypted with
     *     it too and is attached with it, so no page of either is ever written decrypted
     */
    static Map<String, Long> restore(Path live, DatabaseKey key, Path backupFile, List<String> tables, String asName) {
        try (Connection c = Sqlite.openReadWrite(live, key, 5000); Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = OFF"); // no cascades while rows are swapped; checked before commit
            if (key != null) {
                s.execute("PRAGMA temp_store = MEMORY"); // SQLite's own temporary files are not encrypted
            }
            // Read-only and immutable: the backup file is never changed, and no -wal or -shm is made beside it.
            s.execute("ATTACH DATABASE " + literal(Sqlite.attachName(backupFile, key)) + " AS bak");
            try {
                s.execute("BEGIN IMMEDIATE");
                try {
                    Map<String, Long> rows = asName != null ? copyAs(s, tables.get(0), asName) : replace(s, tables);
                    s.execute("COMMIT");
                    return rows;
                } catch (SQLException | RuntimeException e) {
                    s.execute("ROLLBACK");
                    throw e;
                }
            } finally {
                s.execute("DETACH DATABASE bak");
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY")) {
                throw new LifeboatException(ErrorCode.BUSY, "the database " + live + " is busy with another program's write",
                        e, Remedy.TRY_AGAIN);
            }
            throw new LifeboatException(ErrorCode.IO_ERROR, "the table restore into " + live + " failed and nothing was"
                    + " changed (" + firstLine(e.getMessage()) + ")", e, Remedy.SEE_DETAILS);
        }
    }

    private static Map<String, Long> replace(Statement s, List<String> tables) throws SQLException {
        Map<String, Long> before = violations(s);
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String t : tables) {
            String live = tableSql(s, "main", t);
            String old = tableSql(s, "bak", t);
            if (old == null) {
                throw refused("the backup has no table '" + t + "'");
            }
            if (live == null) {
                throw refused("the database has no table '" + t + "' now; restore it beside the others with a new name");
            }
            if (!normalize(live).equals(normalize(old))) {
                throw refused("the table '" + t + "' has another definition in the backup than in the database now,"
                        + " so its rows cannot simply be put back; restore it beside the original with a new name");
            }
            List<String> triggers = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name, sql FROM main.sqlite_schema WHERE type = 'trigger' AND tbl_name = "
                    + literal(t))) {
                while (rs.next()) {
                    triggers.add(rs.getString(1) + "\u0000" + rs.getString(2));
                }
            }
            for (String tr : triggers) {
                s.execute("DROP TRIGGER main." + quote(tr.substring(0, tr.indexOf('\u0000'))));
            }
            s.execute("DELETE FROM main." + quote(t));
            s.execute("INSERT INTO main." + quote(t) + " SELECT * FROM bak." + quote(t));
            for (String tr : triggers) {
                s.execute(tr.substring(tr.indexOf('\u0000') + 1));
            }
            if (hasAutoincrement(live)) {
                // Never hand out an id again that the live table already used.
                s.execute("UPDATE main.sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM bak.sqlite_sequence"
                        + " WHERE name = " + literal(t) + "), 0)) WHERE name = " + literal(t));
            }
            rows.put(t, count(s, "main." + quote(t)));
        }
        Map<String, Long> after = violations(s);
        for (Map.Entry<String, Long> e : after.entrySet()) {
            if (e.getValue() > before.getOrDefault(e.getKey(), 0L)) {
                throw conflict("rows in '" + e.getKey() + "' would reference rows the restored table lacks (foreign key);"
                        + " restore those tables together, or restore the table beside the original with a new name");
            }
        }
        for (String t : tables) {
            try (ResultSet rs = s.executeQuery("PRAGMA main.integrity_check(" + quote(t) + ")")) {
                String result = rs.next() ? rs.getString(1) : "no result";
                if (!"ok".equals(result)) {
                    throw conflict("the restored table '" + t + "' fails SQLite's integrity check (" + result + ")");
                }
            }
        }
        return rows;
    }

    private static Map<String, Long> copyAs(Statement s, String t, String asName) throws SQLException {
        String old = tableSql(s, "bak", t);
        if (old == null) {
            throw refused("the backup has no table '" + t + "'");
        }
        if (tableSql(s, "main", asName) != null || exists(s, asName)) {
            throw refused("the database already has something named '" + asName + "'; choose another name");
        }
        Matcher m = CREATE_TABLE.matcher(old);
        if (!m.find()) {
            throw refused("the backup's definition of '" + t + "' cannot be read");
        }
        s.execute(old.substring(0, m.start(1)) + "main." + quote(asName) + old.substring(m.end(1)));
        s.execute("INSERT INTO main." + quote(asName) + " SELECT * FROM bak." + quote(t));
        return Map.of(asName, count(s, "main." + quote(asName)));
    }

    private static boolean exists(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM main.sqlite_schema WHERE lower(name) = lower(" + literal(name) + ")")) {
            return rs.next();
        }
    }

    /** Foreign key violations per child table, to compare before and after. */
    private static Map<String, Long> violations(Statement s) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (ResultSet rs = s.executeQuery("PRAGMA main.foreign_key_check")) {
            while (rs.next()) {
                out.merge(rs.getString(1), 1L, Long::sum);
            }
        }
        return out;
    }

    private static String tableSql(Statement s, String schema, String t) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT sql FROM " + schema + ".sqlite_schema WHERE type = 'table' AND name = "
                + literal(t))) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static boolean hasAutoincrement(String sql) {
        return normalize(sql).contains("AUTOINCREMENT");
    }

    private static String normalize(String sql) {
        return sql.replaceAll("\\s+", " ").trim().toUpperCase(Locale.ROOT);
    }

    private static LifeboatException conflict(String why) {
        return new LifeboatException(ErrorCode.VERIFICATION_FAILED, why + " — nothing was changed", Remedy.NONE);
    }

    private static LifeboatException refused(String why) {
        return new LifeboatException(ErrorCode.INVALID_ARGUMENT, why + " — nothing was changed", Remedy.NONE);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String firstLine(String s) {
        return s == null ? "no detail" : s.lines().findFirst().orElse("");
    }
}
