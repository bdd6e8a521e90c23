package app.lifeboat.cli;

import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.inspect.SchemaObject;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tables}: what a backup holds, without restoring it. */
@Command(name = "tables", description = "Show the tables (with row counts), views, indexes and triggers in a backup.")
final class TablesCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "BACKUP-ID", arity = "0..1", description = "Default: the newest good backup.")
    String id;

    @Option(names = "--sql", description = "Also print the statement that created each object.")
    boolean sql;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--at", paramLabel = "DESTINATION",
            description = "Look at a copy at this destination (downloaded into the private temp folder).")
    String at;

    @Mixin
    ReadKeysMixin keys;

    @Override
    boolean onlyReads() {
        return true;
    }

    @Override
    int run() {
        Secrets secrets = keys.secrets(databaseOrUnregistered(name, at != null));
        List<SchemaObject> objects = Interruptible.run(cancel -> at != null
                ? service().inspector().tablesAt(name, at, id, secrets, TerminalProgress.forTerminal(err()), cancel)
                : service().inspector().tables(name, id, secrets, TerminalProgress.forTerminal(err()), cancel));
        if (json) {
            printJson(objects);
            return ExitCodes.OK;
        }
        for (SchemaObject o : objects) {
            String what = o.type().equals("table") ? o.rows() + " rows"
                    : o.type().equals("view") ? "" : "on " + o.table();
            out().printf("%-8s  %-30s  %s%n", o.type(), o.name(), what);
            if (sql && o.sql() != null) {
                out().println("          " + o.sql().replace("\n", "\n          "));
            }
        }
        return ExitCodes.OK;
    }
}
