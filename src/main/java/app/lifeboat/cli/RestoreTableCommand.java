package app.lifeboat.cli;

import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.restore.TableRestoreResult;
import java.io.Console;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code restore-table}: puts tables of a backup back into the live database. */
@Command(name = "restore-table", description = "Put one or more tables of a backup back into the database (their rows are"
        + " replaced in one transaction, after a pre-restore backup), or one table beside the others with --as.")
final class RestoreTableCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "BACKUP-ID", description = "The backup ('latest' for the newest good one).")
    String id;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "TABLE")
    List<String> tables;

    @Option(names = "--as", paramLabel = "NEW_NAME", description = "Copy the table beside the original under this name.")
    String as;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--at", paramLabel = "DESTINATION",
            description = "Take the tables from a copy at this destination (downloaded and verified first).")
    String at;

    @Mixin
    ReadKeysMixin keys;

    @Override
    int run() {
        DatabaseSettings db = service().database(name);
        if (!yes) {
            Console console = System.console();
            if (console == null) {
                throw usageError("restore-table asks for confirmation, but stdin is not a terminal — pass --yes to confirm");
            }
            String what = as != null ? "a copy of table " + tables.get(0) + " as " + as
                    : "the rows of " + String.join(", ", tables) + " (their current rows are first saved as a pre-restore backup)";
            String answer = console.readLine("Restore %s from backup %s into %s? [y/N] ", what, id, db.sourcePath());
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                err().println("restore cancelled — nothing was changed");
                return ExitCodes.FAILED;
            }
        }
        String backup = "latest".equals(id) ? null : id;
        TableRestoreResult r = Interruptible.run(cancel -> at != null
                ? service().restoreTablesFrom(name, at, backup, tables, as, keys.secrets(db), TerminalProgress.forTerminal(err()),
                        cancel)
                : service().restoreTables(name, backup, tables, as, keys.secrets(db), TerminalProgress.forTerminal(err()), cancel));
        r.rows().forEach((table, rows) -> out().println("restored table " + table + " (" + rows + " rows) from "
                + r.restored().id() + " into " + db.sourcePath()));
        out().println("the previous content was saved as backup " + r.preRestore().id() + " (pre-restore)");
        return ExitCodes.OK;
    }
}
