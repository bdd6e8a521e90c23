package app.lifeboat.core.inspect;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.workspace.Workspace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Looks inside one backup without restoring it: its schema with row counts, or one read-only query. */
public final class InspectOperation {
    /** Rows a query returns unless the caller asks for another limit. */
    public static final int DEFAULT_LIMIT = 1000;

    /**
     * Opens backup {@code id} (the newest good one when null) once for many requests. The browser
     * owns {@code ws} from here on and closes it with itself; if opening fails, it is closed here.
     */
    public BackupBrowser browse(Workspace ws, String id, ProgressListener progress, Cancellation cancel) {
        try {
            BackupRecord r = chosen(ws, id);
            return new SqliteBackupBrowser(ws, r, OpenedBackup.open(ws, r, progress, cancel));
        } catch (RuntimeException e) {
            ws.close();
            throw e;
        }
    }

    /** Every table, view, index and trigger, with each table's row count. */
    public List<SchemaObject> tables(Workspace ws, String id, ProgressListener progress, Cancellation cancel) {
        BackupRecord r = chosen(ws, id);
        try (OpenedBackup b = OpenedBackup.open(ws, r, progress, cancel);
                Statement s = b.connection().createStatement();
                AutoCloseable stop = cancel.onCancel(() -> interrupt(s))) {
            return schema(s, cancel);
        } catch (SQLException e) {
            throw translate(e, r);
        } catch (LifeboatException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema in a stable order (tables, views, indexes, triggers), each table with its row count. */
    static List<SchemaObject> schema(Statement s, Cancellation cancel) throws SQLException {
        List<SchemaObject> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_schema"
                + " WHERE name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1"
                + " WHEN 'index' THEN 2 ELSE 3 END, name")) {
            while (rs.next()) {
                out.add(new SchemaObject(rs.getString(1), rs.getString(2), rs.getString(3), null, rs.getString(4)));
            }
        }
        List<SchemaObject> counted = new ArrayList<>();
        for (SchemaObject o : out) {
            cancel.check();
            Long rows = null;
            if (o.type().equals("table")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + o.name().replace("\"", "\"\"") + "\"")) {
                    rows = rs.next() ? rs.getLong(1) : 0L;
                }
            }
            counted.add(new SchemaObject(o.type(), o.name(), o.table(), rows, o.sql()));
        }
        return counted;
    }

    /**
     * Runs one statement against the backup and returns at most {@code limit} rows. Writes are
     * refused by SQLite itself (the backup is opened read-only and the connection is query-only),
     * not by looking at the words of the statement.
     */
    public QueryResult query(Workspace ws, String id, String sql, int limit, ProgressListener progress,
            Cancellation cancel) {
        if (limit < 1) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "the row limit must be 1 or more", Remedy.FIX_QUERY);
        }
        BackupRecord r = chosen(ws, id);
        try (OpenedBackup b = OpenedBackup.open(ws, r, progress, cancel);
                PreparedStatement s = prepare(b.connection(), sql);
                AutoCloseable stop = cancel.onCancel(() -> interrupt(s))) {
            QueryResult result = collect(s, limit);
            cancel.check();
            return result;
        } catch (SQLException e) {
            if (cancel.isCancelled()) {
                cancel.check();
            }
            throw translate(e, r);
        } catch (LifeboatException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Executes a prepared statement and keeps at most {@code limit} of its rows, as text. */
    static QueryResult collect(PreparedStatement s, int limit) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        boolean truncated = false;
        if (s.execute()) {
            try (ResultSet rs = s.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.add(md.getColumnLabel(i));
                }
                while (rs.next()) {
                    if (rows.size() == limit) {
                        truncated = true;
                        break;
                    }
                    List<String> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        Object v = rs.getObject(i);
                        row.add(v == null ? null : v instanceof byte[] blob ? "<blob, " + blob.length + " bytes>"
                                : v.toString());
                    }
                    rows.add(row);
                }
            }
        }
        return new QueryResult(columns, rows, truncated, limit);
    }

    /**
     * What changed from backup {@code fromId} to backup {@code toId}, or to the live database when
     * {@code toId} is null: schema changes, and per table the rows added, removed and changed,
     * matched by primary key (rowid, with a warning, where there is none).
     *
     * @param listRows also list the keys of changed rows (at most {@code limit} per table)
     * @param withValues with {@code listRows}, the rows' values before and after
     */
    public DiffResult diff(Workspace ws, String fromId, String toId, boolean listRows, boolean withValues, int limit,
            ProgressListener progress, Cancellation cancel) {
        return diff(ws, fromId, toId, List.of(), listRows, withValues, limit, progress, cancel);
    }

    /** Like the other {@code diff}, for the named tables only (all when {@code tables} is empty). */
    public DiffResult diff(Workspace ws, String fromId, String toId, List<String> tables, boolean listRows,
            boolean withValues, int limit, ProgressListener progress, Cancellation cancel) {
        BackupRecord from = ws.find(ws.listingEverywhere(), fromId);
        BackupRecord to = toId == null ? null : ws.find(ws.listingEverywhere(), toId);
        String toName = to != null ? to.id() : "current";
        try (OpenedBackup a = OpenedBackup.open(ws, from, progress, cancel)) {
            if (!listRows) {
                // Counts only: both sides in one connection, compared by SQLite itself (joins on
                // the key, as sqldiff does), which is several times faster than reading every row.
                try (OpenedBackup b = to != null ? OpenedBackup.open(ws, to, progress, cancel) : null;
                        SharedPages pages = sharedPages(a, b, cancel)) {
                    if (b != null) {
                        a.attach(b);
                    } else {
                        a.attachLive(ws);
                    }
                    return new TableDiffer(a.connection(), a.connection(), tables, false, false, limit, cancel)
                            .withPages(pages).diff(from.id(), toName);
                }
            }
            try (OpenedBackup b = to != null ? OpenedBackup.open(ws, to, progress, cancel) : OpenedBackup.live(ws);
                    SharedPages pages = sharedPages(a, b, cancel)) {
                return new TableDiffer(a.connection(), b.connection(), tables, listRows, withValues, limit, cancel)
                        .withPages(pages).diff(from.id(), toName);
            }
        } catch (SQLException e) {
            if (cancel.isCancelled()) {
                cancel.check();
            }
            throw translate(e, from);
        }
    }

    /** Both backups' files compared page by page, or null (the live database, an encrypted one, pages that cannot be read). */
    private static SharedPages sharedPages(OpenedBackup a, OpenedBackup b, Cancellation cancel) {
        return b != null && a.plainFile() != null && b.plainFile() != null
                ? SharedPages.open(a.plainFile(), b.plainFile(), cancel) : null;
    }

    /** One statement only: SQLite would silently ignore whatever follows the first. */
    static PreparedStatement prepare(Connection c, String sql) throws SQLException {
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        if (trimmed.isEmpty()) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "the query is empty", Remedy.FIX_QUERY);
        }
        if (statementEnd(trimmed) < trimmed.length()) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "the query holds more than one statement, and only"
                    + " one is run", Remedy.FIX_QUERY);
        }
        return c.prepareStatement(trimmed);
    }

    /**
     * Where the first statement ends: the first {@code ;} outside quotes, brackets and comments, or
     * the length. This only counts statements; what a statement may do is SQLite's to enforce.
     */
    static int statementEnd(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            if (ch == '\'' || ch == '"' || ch == '`') {
                int close = sql.indexOf(ch, i + 1);
                while (close >= 0 && close + 1 < n && sql.charAt(close + 1) == ch) {
                    close = sql.indexOf(ch, close + 2); // a doubled quote is part of the text
                }
                i = close < 0 ? n : close + 1;
            } else if (ch == '[') {
                int close = sql.indexOf(']', i + 1);
                i = close < 0 ? n : close + 1;
            } else if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (ch == ';') {
                return i;
            } else {
                i++;
            }
        }
        return n;
    }

    static BackupRecord chosen(Workspace ws, String id) {
        Catalog.Listing listing = ws.listingEverywhere();
        return id != null ? ws.find(listing, id) : listing.latestGood().orElseThrow(ws::noBackups);
    }

    static void interrupt(Statement s) {
        try {
            s.cancel(); // sqlite3_interrupt: the statement stops at its next step
        } catch (SQLException e) {
            // already finished
        }
    }

    static LifeboatException translate(SQLException e, BackupRecord r) {
        SQLiteErrorCode code = e instanceof SQLiteException se ? SQLiteErrorCode.getErrorCode(se.getResultCode().code & 0xff)
                : SQLiteErrorCode.UNKNOWN_ERROR;
        String detail = e.getMessage() == null ? "no detail" : e.getMessage().lines().findFirst().orElse("");
        return switch (code) {
            case SQLITE_READONLY -> new LifeboatException(ErrorCode.INVALID_ARGUMENT, "the statement would change backup "
                    + r.id() + ", and backups are opened read-only", e, Remedy.READ_ONLY_QUERY);
            case SQLITE_INTERRUPT -> new LifeboatException(ErrorCode.CANCELLED, "the query was cancelled", e, Remedy.NONE);
            case SQLITE_ERROR, SQLITE_RANGE, SQLITE_MISMATCH, SQLITE_CONSTRAINT, SQLITE_CANTOPEN, SQLITE_AUTH -> new LifeboatException(
                    ErrorCode.INVALID_ARGUMENT, "the query failed on backup " + r.id() + ": " + stripPrefix(detail), e,
                    Remedy.FIX_QUERY);
            default -> new LifeboatException(ErrorCode.IO_ERROR, "the query failed on backup " + r.id() + ": "
                    + stripPrefix(detail), e, Remedy.SEE_DETAILS);
        };
    }

    /** The driver prefixes "[SQLITE_ERROR] SQL error or missing database (...)": keep SQLite's own words. */
    private static String stripPrefix(String m) {
        int open = m.indexOf('(');
        return m.startsWith("[") && open > 0 && m.endsWith(")") ? m.substring(open + 1, m.length() - 1) : m;
    }
}
