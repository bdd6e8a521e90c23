package app.lifeboat.cli;

import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.inspect.DiffResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diff}: what changed between two backups, or between a backup and the database now. */
@Command(name = "diff", description = "Show what changed between two backups, or from a backup to the database now"
        + " (schema, and rows added, removed and changed per table).")
final class DiffCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "FROM-ID")
    String from;

    @Parameters(index = "2", paramLabel = "TO-ID", arity = "0..1", description = "Default: the database as it is now.")
    String to;

    @Option(names = "--current", description = "Compare with the database as it is now (the default without TO-ID),"
            + " read in one consistent snapshot while its program keeps writing.")
    boolean current;

    @Option(names = "--table", paramLabel = "TABLE", description = "Compare only this table (repeatable).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--exit-code", description = "Exit with 1 when there are differences (0 when there are none).")
    boolean exitCode;

    @Option(names = "--rows", description = "List the keys of the rows that changed (at most --limit per table).")
    boolean rows;

    @Option(names = "--values", description = "With --rows: also their values before and after.")
    boolean values;

    @Option(names = "--limit", paramLabel = "N", description = "Rows listed per table with --rows (default 100).")
    int limit = 100;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--at", paramLabel = "DESTINATION",
            description = "Compare copies at this destination (downloaded into the private temp folder).")
    String at;

    @Mixin
    ReadKeysMixin keys;

    @Override
    int run() {
        if (values && !rows) {
            throw usageError("--values lists the values of the rows --rows lists; give both");
        }
        if (current && to != null) {
            throw usageError("give either a second backup id or --current, not both");
        }
        Secrets secrets = keys.secrets(databaseOrUnregistered(name, at != null && !current && to != null));
        DiffResult d = Interruptible.run(cancel -> at != null
                ? service().inspector().diffAt(name, at, from, to, tables, rows, values, limit, secrets,
                        TerminalProgress.forTerminal(err()), cancel)
                : service().inspector().diff(name, from, to, tables, rows, values, limit, secrets, TerminalProgress.forTerminal(err()),
                        cancel));
        int exit = exitCode && differs(d) ? ExitCodes.FAILED : ExitCodes.OK;
        if (json) {
            printJson(json(d));
            return exit;
        }
        out().println("from " + d.from() + " to " + d.to());
        d.schema().forEach(s -> out().println("schema: " + s));
        for (DiffResult.TableDiff t : d.tables()) {
            out().println(t.table() + ": " + (t.unchanged() ? "no changes"
                    : t.added() + " added, " + t.removed() + " removed, " + t.changed() + " changed")
                    + (t.warning() != null && !t.unchanged() ? " (" + t.warning() + ")" : ""));
            for (DiffResult.RowChange r : t.rows()) {
                out().println("  " + r.kind().name().toLowerCase(Locale.ROOT) + " " + String.join(", ", t.keyedBy())
                        + " = " + String.join(", ", nulls(r.key())));
                if (r.before() != null) {
                    out().println("    before: " + String.join(" | ", nulls(r.before())));
                }
                if (r.after() != null) {
                    out().println("    after:  " + String.join(" | ", nulls(r.after())));
                }
            }
            if (t.truncated()) {
                out().println("  ... more rows changed than --limit " + limit + " lists");
            }
        }
        return exit;
    }

    private static boolean differs(DiffResult d) {
        return !d.schema().isEmpty() || d.tables().stream().anyMatch(t -> !t.unchanged());
    }

    /**
     * {@code {"from", "to", "schema": [...], "tables": {"<table>": {"added", "removed", "changed",
     * "keyedBy", ["warning"], ["rows", "truncated"]}}}}: tables by name, rows only with --rows.
     */
    private Map<String, Object> json(DiffResult d) {
        Map<String, Object> tableMap = new LinkedHashMap<>();
        for (DiffResult.TableDiff t : d.tables()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("added", t.added());
            m.put("removed", t.removed());
            m.put("changed", t.changed());
            m.put("keyedBy", t.keyedBy());
            if (t.warning() != null) {
                m.put("warning", t.warning());
            }
            if (rows) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (DiffResult.RowChange r : t.rows()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("kind", r.kind().name().toLowerCase(Locale.ROOT));
                    row.put("key", r.key());
                    if (r.before() != null) {
                        row.put("before", r.before());
                    }
                    if (r.after() != null) {
                        row.put("after", r.after());
                    }
                    list.add(row);
                }
                m.put("rows", list);
                m.put("truncated", t.truncated());
            }
            tableMap.put(t.table(), m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", d.from());
        out.put("to", d.to());
        out.put("schema", d.schema());
        out.put("tables", tableMap);
        return out;
    }

    private static List<String> nulls(List<String> values) {
        return values.stream().map(v -> v == null ? "NULL" : v).toList();
    }
}
