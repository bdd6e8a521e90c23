package app.lifeboat.core.inspect;

import java.util.List;

/**
 * The rows one query returned from a backup, as text ({@code null} stays null, a blob is shown by
 * its size), at most {@code limit} of them.
 *
 * @param truncated whether the query had more rows than the limit
 */
public record QueryResult(List<String> columns, List<List<String>> rows, boolean truncated, int limit) {
    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
