package app.lifeboat.core.inspect;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares two databases: their schema, then every table both have, row by row. Both sides are
 * read in key order and merged like two sorted files, so memory stays flat whatever the size.
 */
final class TableDiffer {
    private final Connection before;
    private final Connection after;
    private final boolean listRows;
    private final boolean withValues;
    private final int limit;
    private final Cancellation cancel;
    private final Set<String> only;
    /** "other" when both sides are schemas of one connection (the later side attached as {@code other}). */
    private final String afterSchema;
    /** The two files compared page by page (counts in one connection only), or null. */
    private SharedPages pages;
    /** The tables whose counts came from the rows of their changed pages only (for tests). */
    private final List<String> byPages = new ArrayList<>();

    TableDiffer(Connection before, Connection after, boolean listRows, boolean withValues, int limit, Cancellation cancel) {
        this(before, after, List.of(), listRows, withValues, limit, cancel);
    }

    /** @param only the tables to compare (empty: all), their indexes and columns included */
    TableDiffer(Connection before, Connection after, List<String> only, boolean listRows, boolean withValues, int limit,
            Cancellation cancel) {
        this.only = Set.copyOf(only);
        this.afterSchema = before == after ? "other" : "main";
        this.before = before;
        this.after = after;
        this.listRows = listRows;
        this.withValues = withValues;
        this.limit = limit;
        this.cancel = cancel;
    }

    /**
     * Lets the counts read only the rows on pages that differ between the two files; tables
     * whose pages cannot tell are counted whole.
     */
    TableDiffer withPages(SharedPages shared) {
        this.pages = shared;
        return this;
    }

    List<String> tablesCountedByPages() {
        return List.copyOf(byPages);
    }

    /**
     * A table's columns in order and its key columns in key order; its definition and root page,
     * and whether its rows are keyed by rowid (no key, or an INTEGER PRIMARY KEY: no key index).
     */
    private record Shape(List<String> columns, List<String> key, String sql, int root, boolean rowidKey) {}

    DiffResult diff(String from, String to) throws SQLException {
        Map<String, Shape> a = tables(before, "main");
        Map<String, Shape> b = tables(after, afterSchema);
        for (String t : only) {
            if (!a.containsKey(t) && !b.containsKey(t)) {
                throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "neither side has a table '" + t + "' — check the"
                        + " name among the tables of the backup", Remedy.NONE);
            }
        }
        List<String> schema = new ArrayList<>();
        a.keySet().stream().filter(t -> !b.containsKey(t)).forEach(t -> schema.add("table removed: " + t));
        b.keySet().stream().filter(t -> !a.containsKey(t)).forEach(t -> schema.add("table added: " + t));
        Map<String, String> ia = indexes(before, "main");
        Map<String, String> ib = indexes(after, afterSchema);
        ia.keySet().stream().filter(i -> !ib.containsKey(i)).forEach(i -> schema.add("index removed: " + i));
        ib.keySet().stream().filter(i -> !ia.containsKey(i)).forEach(i -> schema.add("index added: " + i));
        ia.keySet().stream().filter(i -> ib.containsKey(i) && !Objects.equals(ia.get(i), ib.get(i)))
                .forEach(i -> schema.add("index changed: " + i));
        List<DiffResult.TableDiff> tables = new ArrayList<>();
        for (Map.Entry<String, Shape> e : a.entrySet()) {
            Shape sb = b.get(e.getKey());
            if (sb == null) {
                continue;
            }
            Shape sa = e.getValue();
            String t = e.getKey();
            sa.columns().stream().filter(c -> !sb.columns().contains(c)).forEach(c -> schema.add("column removed: " + t + "." + c));
            sb.columns().stream().filter(c -> !sa.columns().contains(c)).forEach(c -> schema.add("column added: " + t + "." + c));
            if (!sa.key().equals(sb.key())) {
                schema.add("primary key changed: " + t + " (rows not compared)");
                continue;
            }
            cancel.check();
            tables.add(table(t, sa, sb));
        }
        return new DiffResult(from, to, schema, tables);
    }

    private Map<String, Shape> tables(Connection c, String schema) throws SQLException {
        Map<String, Shape> out = new LinkedHashMap<>();
        List<String[]> names = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, sql, rootpage FROM " + schema + ".sqlite_schema"
                        + " WHERE type = 'table'"
                        + " AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                names.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        for (String[] n : names) {
            if (!only.isEmpty() && !only.contains(n[0])) {
                continue;
            }
            List<String> columns = new ArrayList<>();
            Map<Integer, String> key = new TreeMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA " + schema + ".table_info(" + SqlValues.quote(n[0]) + ")")) {
                while (rs.next()) {
                    columns.add(rs.getString("name"));
                    if (rs.getInt("pk") > 0) {
                        key.put(rs.getInt("pk"), rs.getString("name"));
                    }
                }
            }
            boolean keyIndex = false;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA " + schema + ".index_list(" + SqlValues.quote(n[0]) + ")")) {
                while (rs.next()) {
                    keyIndex |= "pk".equals(rs.getString("origin"));
                }
            }
            out.put(n[0], new Shape(columns, key.isEmpty() ? List.of() : List.copyOf(key.values()), n[1], rootPage(n[2]),
                    key.size() <= 1 && !keyIndex));
        }
        return out;
    }

    /** A virtual table has root page 0 and nothing to walk. */
    private static int rootPage(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Map<String, String> indexes(Connection c, String schema) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, sql, tbl_name FROM " + schema + ".sqlite_schema WHERE type = 'index'"
                        + " AND sql IS NOT NULL")) {
            while (rs.next()) {
                if (only.isEmpty() || only.contains(rs.getString(3))) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private DiffResult.TableDiff table(String t, Shape sa, Shape sb) throws SQLException {
        List<String> key = sa.key().isEmpty() ? List.of("rowid") : sa.key();
        String warning = sa.key().isEmpty() ? "rows matched by rowid, which SQLite may reuse after deletes" : null;
        List<String> common = sa.columns().stream().filter(sb.columns()::contains).toList();
        if (before == after) {
            long[] ranges = changedRanges(sa, sb);
            if (ranges != null) {
                byPages.add(t);
            }
            return counted(t, key, warning, common, ranges);
        }
        return listed(t, sa, sb, key, warning, common);
    }

    /** Reads both sides in key order and merges them, listing the rows that differ. */
    private DiffResult.TableDiff listed(String t, Shape sa, Shape sb, List<String> key, String warning, List<String> common)
            throws SQLException {
        long[] ranges = changedRanges(sa, sb);
        if (ranges != null) {
            byPages.add(t);
            if (ranges.length == 0) {
                return new DiffResult.TableDiff(t, 0, 0, 0, key, warning, List.of(), false, common);
            }
        }
        // Without values to show, SQLite hashes each row's columns (SqlValues.quote() keeps types and text
        // apart) and only the key and 32 bytes cross into Java per row: several times faster, and
        // next to no garbage, so the heap stays small.
        List<String> compared = withValues || common.isEmpty() ? common.stream().map(c -> "x." + SqlValues.quote(c)).toList()
                : List.of("sha3(" + String.join(" || ',' || ", common.stream().map(c -> "quote(x." + SqlValues.quote(c) + ")").toList())
                        + ")");
        // With ranges, only the rows on leaves the two files do not share are read (sorted again by
        // key: a few rows); every other row is the same on both sides.
        String select = "SELECT " + String.join(", ", key.stream().map(c -> "x." + keyExpr(c)).toList())
                + (compared.isEmpty() ? "" : ", " + String.join(", ", compared))
                + " FROM " + (ranges == null ? "" : "json_each(?) AS r CROSS JOIN ") + SqlValues.quote(t) + " AS x"
                + (ranges == null ? "" : " ON x." + keyExpr(key.get(0)) + " BETWEEN r.value ->> 0 AND r.value ->> 1")
                + " ORDER BY " + String.join(", ", key.stream().map(c -> "x." + keyExpr(c) + " COLLATE BINARY").toList());
        String json = ranges == null ? null : SharedPages.json(ranges);
        long added = 0;
        long removed = 0;
        long changed = 0;
        List<DiffResult.RowChange> rows = new ArrayList<>();
        boolean truncated = false;
        int k = key.size();
        try (PreparedStatement s1 = prepared(before, select, json); PreparedStatement s2 = prepared(after, select, json);
                ResultSet ra = s1.executeQuery(); ResultSet rb = s2.executeQuery()) {
            boolean hasA = ra.next();
            boolean hasB = rb.next();
            long seen = 0;
            while (hasA || hasB) {
                if (++seen % 4096 == 0) {
                    cancel.check();
                }
                int cmp = !hasA ? 1 : !hasB ? -1 : SqlValues.compareKeys(ra, rb, k);
                DiffResult.RowChange change = null;
                if (cmp < 0) {
                    removed++;
                    change = change(DiffResult.Kind.REMOVED, ra, null, k);
                    hasA = ra.next();
                } else if (cmp > 0) {
                    added++;
                    change = change(DiffResult.Kind.ADDED, null, rb, k);
                    hasB = rb.next();
                } else {
                    if (!SqlValues.sameValues(ra, rb, k, compared.size())) {
                        changed++;
                        change = change(DiffResult.Kind.CHANGED, ra, rb, k);
                    }
                    hasA = ra.next();
                    hasB = rb.next();
                }
                if (change != null && listRows) {
                    if (rows.size() < limit) {
                        rows.add(change);
                    } else {
                        truncated = true;
                    }
                }
            }
        }
        return new DiffResult.TableDiff(t, added, removed, changed, key, warning, rows, truncated, common);
    }

    /**
     * The rowid ranges outside which the table's rows are the same bytes on both sides, or null
     * when the pages cannot tell: only for a table keyed by rowid, with the same definition on
     * both sides (so the same bytes mean the same values), in files that compare page by page.
     */
    private long[] changedRanges(Shape sa, Shape sb) {
        if (pages == null || !sa.rowidKey() || !sb.rowidKey() || sa.sql() == null || !sa.sql().equals(sb.sql())
                || sa.root() < 2 || sb.root() < 2) {
            return null;
        }
        return pages.changedRanges(sa.root(), sb.root(), cancel);
    }

    /**
     * Counts by joining both sides on the key inside SQLite, as sqldiff does: each side is read in
     * order once or twice with lookups by key into the other, and nothing but three numbers reaches
     * Java, so memory stays flat and no row is copied. With {@code ranges}, only the rows whose
     * rowid is in one of them are read on either side: every other row is the same on both.
     */
    private DiffResult.TableDiff counted(String t, List<String> key, String warning, List<String> common, long[] ranges)
            throws SQLException {
        if (ranges != null && ranges.length == 0) {
            return new DiffResult.TableDiff(t, 0, 0, 0, key, warning, List.of(), false, common);
        }
        String on = String.join(" AND ", key.stream().map(k -> "x." + keyExpr(k) + " = y." + keyExpr(k)).toList());
        String a = "main." + SqlValues.quote(t);
        String b = "other." + SqlValues.quote(t);
        // Each range is a rowid range scan (CROSS JOIN keeps the ranges the outer loop).
        String rangesA = ranges == null ? a + " AS x" : "json_each(?) AS r CROSS JOIN " + a + " AS x ON x."
                + keyExpr(key.get(0)) + " BETWEEN r.value ->> 0 AND r.value ->> 1";
        String rangesB = ranges == null ? b + " AS y" : "json_each(?) AS r CROSS JOIN " + b + " AS y ON y."
                + keyExpr(key.get(0)) + " BETWEEN r.value ->> 0 AND r.value ->> 1";
        String json = ranges == null ? null : SharedPages.json(ranges);
        // One pass over the older side finds both the rows gone (no partner: the partner's first
        // key column is NULL, which the join's equality never matches) and the rows changed.
        String gone = "y." + keyExpr(key.get(0)) + " IS NULL";
        String differs = common.isEmpty() ? "0"
                : String.join(" OR ", common.stream().map(c -> "x." + SqlValues.quote(c) + " IS NOT y." + SqlValues.quote(c)).toList());
        long[] removedChanged = counts("SELECT sum(" + gone + "), sum(NOT (" + gone + ") AND (" + differs + ")) FROM "
                + rangesA + " LEFT JOIN " + b + " AS y ON " + on, json);
        long removed = removedChanged[0];
        long changed = removedChanged[1];
        long added = counts("SELECT count(*) FROM " + rangesB + " WHERE NOT EXISTS (SELECT 1 FROM " + a + " AS x WHERE "
                + on + ")", json)[0];
        return new DiffResult.TableDiff(t, added, removed, changed, key, warning, List.of(), false, common);
    }

    /** The first one or two numbers of a one-row query (a sum over no rows is NULL: 0). */
    private long[] counts(String sql, String json) throws SQLException {
        cancel.check();
        try (PreparedStatement s = prepared(before, sql, json); AutoCloseable stop = cancel.onCancel(() -> interrupt(s));
                ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return new long[] {0, 0};
            }
            return new long[] {rs.getLong(1), rs.getMetaData().getColumnCount() > 1 ? rs.getLong(2) : 0};
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement prepared(Connection c, String sql, String json) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            if (json != null) {
                s.setString(1, json);
            }
            return s;
        } catch (SQLException e) {
            s.close();
            throw e;
        }
    }

    private static void interrupt(Statement s) {
        try {
            s.cancel(); // sqlite3_interrupt: the statement stops at its next step
        } catch (SQLException e) {
            // already finished
        }
    }

    private DiffResult.RowChange change(DiffResult.Kind kind, ResultSet a, ResultSet b, int k) throws SQLException {
        if (!listRows) {
            return null;
        }
        ResultSet keySide = a != null ? a : b;
        List<String> key = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            key.add(SqlValues.text(keySide.getObject(i)));
        }
        return new DiffResult.RowChange(kind, key, withValues && a != null ? SqlValues.values(a, k) : null,
                withValues && b != null ? SqlValues.values(b, k) : null);
    }

    private static String keyExpr(String column) {
        return column.equals("rowid") ? "rowid" : SqlValues.quote(column);
    }
}
