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
     * Checks, without writing anything, that {@code tables} can be put back: each is in the backup
     * and (unless copied beside under {@code asName}) in the database with the same definition. Run
     * before the pre-restore backup, so a refused restore changes nothing at all.
     */
    static void check(Path live, DatabaseKey key, Path backupFile, List<String> tables, String asName) {
        run(live, key, backupFile, s -> {
            requireRestorable(s, tables, asName);
            return Map.of();
        });
    }

    /**
     * @param key the key of an encrypted database (null: plain); the backup file is encrypted with
     *     it too and is attached with it, so no page of either is ever written decrypted
     */
    static Map<String, Long> restore(Path live, DatabaseKey key, Path backupFile, List<String> tables, String asName) {
        return run(live, key, backupFile, s -> {
            s.execute("BEGIN IMMEDIATE");
            try {
                requireRestorable(s, tables, asName);
                Map<String, Long> rows = asName != null ? copyAs(s, tables.get(0), asName) : replace(s, tables);
                s.execute("COMMIT");
                return rows;
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        });
    }

    /** One step on the live database with the backup attached as {@code bak}. */
    private interface Step {
        Map<String, Long> run(Statement s) throws SQLException;
    }

    private static Map<String, Long> run(Path live, DatabaseKey key, Path backupFile, Step step) {
        try (Connection c = Sqlite.openReadWrite(live, key, 5000); Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = OFF"); // no cascades while rows are swapped; checked before commit
            if (key != null) {
                s.execute("PRAGMA temp_store = MEMORY"); // SQLite's own temporary files are not encrypted
            }
            // Read-only and immutable: the backup file is never changed, and no -wal or -shm is made beside it.
            s.execute("ATTACH DATABASE " + literal(Sqlite.attachName(backupFile, key)) + " AS bak");
            try {
                return step.run(s);
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

    private static void requireRestorable(Statement s, List<String> tables, String asName) throws SQLException {
        for (String t : tables) {
            String old = tableSql(s, "bak", t);
            if (old == null) {
                throw refused("the backup has no table '" + t + "'");
            }
            if (normalize(old).startsWith("CREATE VIRTUAL TABLE")) {
                throw refused("'" + t + "' is a virtual table, whose rows live in other tables; restore the whole backup"
                        + " into a new file and copy them from there");
            }
            if (asName != null) {
                if (tableSql(s, "main", asName) != null || exists(s, asName)) {
                    throw refused("the database already has something named '" + asName + "'; choose another name");
                }
                continue;
            }
            String live = tableSql(s, "main", t);
            if (live == null) {
                throw refused("the database has no table '" + t + "' now; restore it beside the others with a new name");
            }
            if (!normalize(live).equals(normalize(old))) {
                throw refused("the table '" + t + "' has another definition in the backup than in the database now,"
                        + " so its rows cannot simply be put back; restore it beside the original with a new name");
            }
        }
    }

    private static Map<String, Long> replace(Statement s, List<String> tables) throws SQLException {
        Map<String, Long> before = violations(s);
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String t : tables) {
            String live = tableSql(s, "main", t);
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
            copyRows(s, t, t, live);
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

    /**
     * Copies the rows of {@code bak.from} into {@code main.to}, naming the columns: {@code SELECT *}
     * would include generated columns, which cannot be inserted, and the rowid of a table without
     * an INTEGER PRIMARY KEY is kept, so the rows come back exactly as they were.
     */
    private static void copyRows(Statement s, String from, String to, String sql) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT name, hidden FROM pragma_table_xinfo(" + literal(from) + ", 'bak')")) {
            while (rs.next()) {
                if (rs.getInt(2) == 0) { // 2 and 3: generated columns, computed again from the others
                    columns.add(rs.getString(1));
                }
            }
        }
        List<String> names = new ArrayList<>(columns.stream().map(TableRestorer::quote).toList());
        boolean rowid = !withoutRowid(sql) && columns.stream().noneMatch(c -> c.equalsIgnoreCase("rowid"));
        if (rowid) {
            names.add(0, "rowid");
        }
        String list = String.join(", ", names);
        s.execute("INSERT INTO main." + quote(to) + "(" + list + ") SELECT " + list + " FROM bak." + quote(from));
    }

    private static Map<String, Long> copyAs(Statement s, String t, String asName) throws SQLException {
        String old = tableSql(s, "bak", t);
        Matcher m = CREATE_TABLE.matcher(old);
        if (!m.find()) {
            throw refused("the backup's definition of '" + t + "' cannot be read");
        }
        s.execute(old.substring(0, m.start(1)) + "main." + quote(asName) + old.substring(m.end(1)));
        copyRows(s, t, asName, old);
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

    private static boolean withoutRowid(String sql) {
        String n = normalize(sql);
        return n.substring(n.lastIndexOf(')') + 1).contains("WITHOUT ROWID");
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
