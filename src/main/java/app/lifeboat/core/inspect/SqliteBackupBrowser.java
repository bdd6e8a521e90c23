package app.lifeboat.core.inspect;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.workspace.Workspace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link BackupBrowser} over one {@link OpenedBackup}. One connection serves every request, so
 * requests take turns (a lock); the statement running now is kept aside so {@link #cancel()} can
 * interrupt it without waiting for the lock.
 */
final class SqliteBackupBrowser implements BackupBrowser {
    /** The rowid's names, in the order tried: a table may have a real column with one of them. */
    private static final List<String> ROWID_NAMES = List.of("rowid", "_rowid_", "oid");

    private final Workspace ws;
    private final BackupRecord record;
    private final OpenedBackup opened;
    private final Object turn = new Object();
    private final AtomicReference<Statement> running = new AtomicReference<>();
    private final Map<String, Shape> shapes = new HashMap<>();
    private List<SchemaObject> schema;
    private volatile boolean cancelled;
    /** A request is under way: a cancel that comes before its statement runs stops it when it starts. */
    private volatile boolean inRequest;

    /**
     * A table's columns, the columns its rows are ordered and paged by, and those as SQL (a rowid
     * name stays bare: quoted, a name SQLite cannot resolve would become a constant string).
     */
    private record Shape(List<String> columns, List<String> key, String keySql) {}

    SqliteBackupBrowser(Workspace ws, BackupRecord record, OpenedBackup opened) {
        this.ws = ws;
        this.record = record;
        this.opened = opened;
    }

    @Override
    public String database() {
        return ws.name();
    }

    @Override
    public BackupRecord backup() {
        return record;
    }

    @Override
    public List<SchemaObject> tables() {
        synchronized (turn) {
            if (schema == null) {
                schema = run(c -> {
                    try (Statement s = track(c.createStatement())) {
                        return InspectOperation.schema(s, Cancellation.none());
                    }
                });
            }
            return schema;
        }
    }

    @Override
    public RowPage page(String table, List<Object> after, int limit) {
        requireLimit(limit);
        synchronized (turn) {
            return run(c -> {
                Shape shape = shape(c, table);
                if (after != null && after.size() != shape.key().size()) {
                    throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "a page of " + table + " starts after a key of "
                            + shape.key().size() + " values, not " + after.size(), Remedy.NONE);
                }
                String keys = shape.keySql();
                String sql = "SELECT " + keys + ", * FROM " + SqlValues.quote(table)
                        + (after == null ? "" : " WHERE (" + keys + ") > (" + String.join(", ", Collections.nCopies(
                                after.size(), "?")) + ")")
                        + " ORDER BY " + keys + " LIMIT " + (limit + 1);
                try (PreparedStatement s = track(c.prepareStatement(sql))) {
                    for (int i = 0; after != null && i < after.size(); i++) {
                        s.setObject(i + 1, after.get(i));
                    }
                    return read(s, table, shape, limit);
                }
            });
        }
    }

    /** Reads one more row than asked, to know whether another page follows. */
    private static RowPage read(PreparedStatement s, String table, Shape shape, int limit) throws SQLException {
        int k = shape.key().size();
        List<List<String>> rows = new ArrayList<>();
        List<Object> lastKey = null;
        boolean more = false;
        try (ResultSet rs = s.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                if (rows.size() == limit) {
                    more = true;
                    break;
                }
                List<Object> key = new ArrayList<>(k);
                for (int i = 1; i <= k; i++) {
                    key.add(rs.getObject(i));
                }
                lastKey = Collections.unmodifiableList(key);
                List<String> row = new ArrayList<>(n - k);
                for (int i = k + 1; i <= n; i++) {
                    row.add(SqlValues.text(rs.getObject(i)));
                }
                rows.add(row);
            }
        }
        return new RowPage(table, shape.columns(), shape.key(), rows, lastKey, more);
    }

    @Override
    public QueryResult query(String sql, int limit) {
        requireLimit(limit);
        synchronized (turn) {
            return run(c -> {
                try (PreparedStatement s = track(InspectOperation.prepare(c, sql))) {
                    return InspectOperation.collect(s, limit);
                }
            });
        }
    }

    @Override
    public OptionalLong currentRows(String table) {
        synchronized (turn) {
            return run(c -> {
                try (OpenedBackup live = OpenedBackup.live(ws);
                        PreparedStatement exists = track(live.connection().prepareStatement(
                                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?"))) {
                    exists.setString(1, table);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (!rs.next() || rs.getLong(1) == 0) {
                            return OptionalLong.empty();
                        }
                    }
                    try (Statement s = track(live.connection().createStatement());
                            ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SqlValues.quote(table))) {
                        return OptionalLong.of(rs.next() ? rs.getLong(1) : 0L);
                    }
                }
            });
        }
    }

    @Override
    public void cancel() {
        if (inRequest) {
            cancelled = true;
        }
        Statement s = running.get();
        if (s != null) {
            InspectOperation.interrupt(s);
        }
    }

    @Override
    public void close() {
        cancel();
        synchronized (turn) {
            try {
                opened.close();
            } finally {
                ws.close();
            }
        }
    }

    /** The work of one request on the backup's connection. */
    @FunctionalInterface
    private interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    /** Runs one request: SQLite's refusals become the same sentences the CLI's query gives. */
    private <T> T run(Work<T> work) {
        cancelled = false;
        inRequest = true;
        try {
            return work.on(opened.connection());
        } catch (SQLException e) {
            if (cancelled) {
                throw new LifeboatException(ErrorCode.CANCELLED, "the statement was cancelled", e, Remedy.NONE);
            }
            throw InspectOperation.translate(e, record);
        } finally {
            inRequest = false;
            running.set(null);
        }
    }

    /** Keeps the statement for {@link #cancel()}; one cancelled before it was made does not start. */
    private <S extends Statement> S track(S statement) throws SQLException {
        running.set(statement);
        if (cancelled) {
            statement.close();
            throw new SQLException("cancelled before it started");
        }
        return statement;
    }

    private Shape shape(Connection c, String table) throws SQLException {
        Shape known = shapes.get(table);
        if (known != null) {
            return known;
        }
        boolean withoutRowid;
        try (PreparedStatement s = c.prepareStatement("SELECT type, wr FROM pragma_table_list WHERE schema = 'main' AND name = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !(rs.getString(1).equals("table") || rs.getString(1).equals("virtual"))) {
                    throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "backup " + record.id() + " has no table named "
                            + table, Remedy.FIX_QUERY);
                }
                withoutRowid = rs.getInt(2) == 1;
            }
        }
        List<String> columns = new ArrayList<>();
        Map<Integer, String> primaryKey = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name, pk FROM pragma_table_info(?)")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                    if (rs.getInt(2) > 0) {
                        primaryKey.put(rs.getInt(2), rs.getString(1));
                    }
                }
            }
        }
        List<String> key = withoutRowid ? List.copyOf(primaryKey.values()) : List.of(rowidName(table, columns));
        String keySql = withoutRowid ? String.join(", ", key.stream().map(SqlValues::quote).toList()) : key.get(0);
        Shape shape = new Shape(List.copyOf(columns), key, keySql);
        shapes.put(table, shape);
        return shape;
    }

    private String rowidName(String table, List<String> columns) {
        return ROWID_NAMES.stream().filter(n -> columns.stream().noneMatch(n::equalsIgnoreCase)).findFirst()
                .orElseThrow(() -> new LifeboatException(ErrorCode.INVALID_ARGUMENT, "table " + table + " of backup "
                        + record.id() + " has columns named rowid, _rowid_ and oid, so its rows cannot be paged; query it instead",
                        Remedy.FIX_QUERY));
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "the row limit must be 1 or more", Remedy.FIX_QUERY);
        }
    }
}
