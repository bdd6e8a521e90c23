package app.lifeboat.cli;

import app.lifeboat.core.inspect.DiffResult;
import java.util.List;
import java.util.Locale;
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

    @Option(names = "--rows", description = "List the keys of the rows that changed (at most --limit per table).")
    boolean rows;

    @Option(names = "--values", description = "With --rows: also their values before and after.")
    boolean values;

    @Option(names = "--limit", paramLabel = "N", description = "Rows listed per table with --rows (default 100).")
    int limit = 100;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Mixin
    ReadKeysMixin keys;

    @Override
    int run() {
        if (values && !rows) {
            throw usageError("--values lists the values of the rows --rows lists; give both");
        }
        DiffResult d = Interruptible.run(cancel -> service().diff(name, from, to, rows, values, limit,
                keys.secrets(service().database(name)), TerminalProgress.forTerminal(err()), cancel));
        if (json) {
            printJson(d);
            return ExitCodes.OK;
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
        return ExitCodes.OK;
    }

    private static List<String> nulls(List<String> values) {
        return values.stream().map(v -> v == null ? "NULL" : v).toList();
    }
}
