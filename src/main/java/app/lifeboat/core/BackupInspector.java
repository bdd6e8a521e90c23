package app.lifeboat.core;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.inspect.BackupBrowser;
import app.lifeboat.core.inspect.DiffResult;
import app.lifeboat.core.inspect.QueryResult;
import app.lifeboat.core.inspect.SchemaObject;
import app.lifeboat.core.workspace.Workspaces;
import java.util.List;

/** The engine's door for looking inside backups without restoring them: tables, queries, browsing and diffs. */
public final class BackupInspector {
    private final Operations ops;
    private final Workspaces workspaces;

    BackupInspector(Operations ops, Workspaces workspaces) {
        this.ops = ops;
        this.workspaces = workspaces;
    }

    /** The tables, views, indexes and triggers of a backup (the newest good one when {@code id} is null), with row counts. */
    public List<SchemaObject> tables(String name, String id, Secrets s, ProgressListener p, Cancellation c) {
        return workspaces.look(name, s, ws -> ops.inspect().tables(ws, id, p, c));
    }

    /** Runs one read-only statement against a backup and returns at most {@code limit} rows. */
    public QueryResult query(String name, String id, String sql, int limit, Secrets s, ProgressListener p,
            Cancellation c) {
        return workspaces.look(name, s, ws -> ops.inspect().query(ws, id, sql, limit, p, c));
    }

    /**
     * Opens backup {@code id} (the newest good one when null) once, read-only, for a browsing
     * session: tables, pages of rows, queries. The caller closes it, which deletes the decoded copy.
     */
    public BackupBrowser browse(String name, String id, Secrets s, ProgressListener p, Cancellation c) {
        return ops.inspect().browse(workspaces.view(name, s), id, p, c);
    }

    /**
     * What changed from backup {@code fromId} to backup {@code toId} (or to the live database when
     * null): schema changes and per-table row counts, with the rows' keys and values on request.
     */
    public DiffResult diff(String name, String fromId, String toId, boolean rows, boolean values, int limit, Secrets s,
            ProgressListener p, Cancellation c) {
        return workspaces.look(name, s, ws -> ops.inspect().diff(ws, fromId, toId, rows, values, limit, p, c));
    }

    /** Like the other {@code diff}, for the named tables only (all when {@code tables} is empty). */
    public DiffResult diff(String name, String fromId, String toId, List<String> tables, boolean rows, boolean values,
            int limit, Secrets s, ProgressListener p, Cancellation c) {
        return workspaces.look(name, s, ws -> ops.inspect().diff(ws, fromId, toId, tables, rows, values, limit, p, c));
    }

    /** {@link #tables} of a copy at the named destination (downloaded into the private temp folder). */
    public List<SchemaObject> tablesAt(String name, String destination, String id, Secrets s, ProgressListener p,
            Cancellation c) {
        return workspaces.lookAt(name, destination, s, ws -> ops.inspect().tables(ws, id, p, c));
    }

    /** {@link #query} on a copy at the named destination. */
    public QueryResult queryAt(String name, String destination, String id, String sql, int limit, Secrets s,
            ProgressListener p, Cancellation c) {
        return workspaces.lookAt(name, destination, s, ws -> ops.inspect().query(ws, id, sql, limit, p, c));
    }

    /** {@link #diff} between copies at the named destination (or one of them and the live database). */
    public DiffResult diffAt(String name, String destination, String fromId, String toId, List<String> tables,
            boolean rows, boolean values, int limit, Secrets s, ProgressListener p, Cancellation c) {
        return workspaces.lookAt(name, destination, s,
                ws -> ops.inspect().diff(ws, fromId, toId, tables, rows, values, limit, p, c));
    }
}
