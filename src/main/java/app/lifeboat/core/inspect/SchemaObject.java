package app.lifeboat.core.inspect;

/**
 * One table, view, index or trigger in a backup.
 *
 * @param type table, view, index or trigger
 * @param name its name
 * @param table the table an index or trigger belongs to (the name itself for tables and views)
 * @param rows the row count of a table; null for the others
 * @param sql the statement that created it; null for automatic indexes
 */
public record SchemaObject(String type, String name, String table, Long rows, String sql) {}
