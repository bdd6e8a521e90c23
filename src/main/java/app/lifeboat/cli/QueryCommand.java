package app.lifeboat.cli;

import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.inspect.InspectOperation;
import app.lifeboat.core.inspect.QueryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code query}: one read-only SQL statement against a backup. */
@Command(name = "query", description = "Run one read-only SQL statement against a backup, without restoring it.")
final class QueryCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "BACKUP-ID", description = "The backup ('latest' for the newest good one).")
    String id;

    @Parameters(index = "2", paramLabel = "SQL")
    String sql;

    @Option(names = "--limit", paramLabel = "N", description = "Return at most N rows (default 1000).")
    int limit = InspectOperation.DEFAULT_LIMIT;

    @Option(names = "--json", description = "Print a JSON array of objects, one per row.")
    boolean json;

    @Option(names = "--csv", description = "Print CSV (RFC 4180) with a header line.")
    boolean csv;

    @Option(names = "--at", paramLabel = "DESTINATION",
            description = "Query a copy at this destination (downloaded into the private temp folder).")
    String at;

    @Mixin
    ReadKeysMixin keys;

    @Override
    int run() {
        if (json && csv) {
            throw usageError("give either --json or --csv, not both");
        }
        String backup = "latest".equals(id) ? null : id;
        Secrets secrets = keys.secrets(databaseOrUnregistered(name, at != null));
        QueryResult r = Interruptible.run(cancel -> at != null
                ? service().inspector().queryAt(name, at, backup, sql, limit, secrets, TerminalProgress.forTerminal(err()), cancel)
                : service().inspector().query(name, backup, sql, limit, secrets, TerminalProgress.forTerminal(err()), cancel));
        if (json) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (List<String> row : r.rows()) {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < r.columns().size(); i++) {
                    m.put(r.columns().get(i), row.get(i));
                }
                rows.add(m);
            }
            printJson(rows);
        } else if (csv) {
            out().println(String.join(",", r.columns().stream().map(QueryCommand::csvField).toList()));
            r.rows().forEach(row -> out().println(String.join(",", row.stream().map(QueryCommand::csvField).toList())));
        } else {
            printTable(r);
        }
        if (r.truncated()) {
            err().println("note: only the first " + r.limit() + " rows are shown — raise --limit to see more");
        }
        return ExitCodes.OK;
    }

    private void printTable(QueryResult r) {
        int[] width = new int[r.columns().size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = r.columns().get(i).length();
            for (List<String> row : r.rows()) {
                width[i] = Math.min(60, Math.max(width[i], String.valueOf(row.get(i)).length()));
            }
        }
        out().println(line(r.columns(), width));
        r.rows().forEach(row -> out().println(line(row, width)));
    }

    private static String line(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String v = cells.get(i) == null ? "NULL" : cells.get(i).replace('\n', ' ');
            v = v.length() > width[i] ? v.substring(0, width[i] - 1) + "…" : v;
            b.append(i == 0 ? "" : "  ").append(v).append(" ".repeat(width[i] - v.length()));
        }
        return b.toString().stripTrailing();
    }

    private static String csvField(String v) {
        if (v == null) {
            return "";
        }
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
