package app.lifeboat.core.inspect;

import app.lifeboat.core.catalog.BackupRecord;
import java.util.List;
import java.util.OptionalLong;

/**
 * One backup opened once, read-only, for many requests (a browser window): its tables, their rows
 * page by page, read-only queries, and the live database's row count for a restore's confirmation.
 * Requests run one at a time; {@link #cancel()} may be called from any thread and stops the
 * running statement ({@code sqlite3_interrupt}). Closing removes the decoded temporary copy.
 */
public sealed interface BackupBrowser extends AutoCloseable permits SqliteBackupBrowser {
    /** The database the backup belongs to. */
    String database();

    /** The backup that was opened. */
    BackupRecord backup();

    /** Every table, view, index and trigger, with each table's row count (counted once, then kept). */
    List<SchemaObject> tables();

    /**
     * Up to {@code limit} rows of {@code table} after the row whose key is {@code after} (null: the
     * first page), in key order: keyset pagination, so a far page costs what the first one does.
     */
    RowPage page(String table, List<Object> after, int limit);

    /** Runs one read-only statement; at most {@code limit} rows, with {@code truncated} set when there were more. */
    QueryResult query(String sql, int limit);

    /** How many rows the live database's {@code table} has now; empty when it has no such table. */
    OptionalLong currentRows(String table);

    /** Stops the statement running now, if any; it ends with a {@code CANCELLED} error. */
    void cancel();

    /** Closes the backup and deletes its decoded copy; a statement still running is stopped first. */
    @Override
    void close();

    /**
     * One page of a table's rows, shown as text (null stays null, a blob by its size).
     *
     * @param columns the table's columns, in order
     * @param keyColumns what rows are ordered and paged by: the rowid, or the primary key of a WITHOUT ROWID table
     * @param lastKey the key of the last row, to ask for the next page with; null when the page is empty
     * @param more whether rows follow this page
     */
    record RowPage(String table, List<String> columns, List<String> keyColumns, List<List<String>> rows,
            List<Object> lastKey, boolean more) {
        public RowPage {
            columns = List.copyOf(columns);
            keyColumns = List.copyOf(keyColumns);
            rows = List.copyOf(rows);
        }
    }
}
