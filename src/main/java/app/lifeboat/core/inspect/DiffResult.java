package app.lifeboat.core.inspect;

import java.util.List;

/**
 * What changed between two states of a database (two backups, or a backup and the live file).
 *
 * @param from what the changes are counted from (a backup id)
 * @param to a backup id, or "current" for the live database
 * @param schema schema changes in words: tables, columns and indexes added or removed
 * @param tables the row changes of every table both sides have
 */
public record DiffResult(String from, String to, List<String> schema, List<TableDiff> tables) {
    public DiffResult {
        schema = List.copyOf(schema);
        tables = List.copyOf(tables);
    }

    /**
     * The row changes of one table.
     *
     * @param keyedBy the columns rows were matched by (the primary key, or rowid)
     * @param warning why the matching may mislead (rowids can be reused), or null
     * @param rows the changed rows, when asked for, at most the limit
     * @param truncated whether there were more changed rows than listed
     * @param columns the columns a row's values list, in order (those both sides have)
     */
    public record TableDiff(String table, long added, long removed, long changed, List<String> keyedBy, String warning,
            List<RowChange> rows, boolean truncated, List<String> columns) {
        public TableDiff {
            keyedBy = List.copyOf(keyedBy);
            rows = List.copyOf(rows);
            columns = List.copyOf(columns);
        }

        public boolean unchanged() {
            return added == 0 && removed == 0 && changed == 0;
        }
    }

    /**
     * One row added, removed or changed.
     *
     * @param key the row's key values, as text
     * @param before its values before (null when added, or when values were not asked for)
     * @param after its values after (null when removed, or when values were not asked for)
     */
    public record RowChange(Kind kind, List<String> key, List<String> before, List<String> after) {}

    /** How a row changed. */
    public enum Kind { ADDED, REMOVED, CHANGED }
}
