package app.lifeboat.cli;

import app.lifeboat.core.config.DatabaseSettings;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code add}: registers a database. */
@Command(name = "add", description = "Register a SQLite database for backup.")
final class AddCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "DB-FILE")
    Path file;

    @Option(names = "--name", description = "Name (default: from the file name).")
    String name;

    @Mixin
    DatabaseOptionsMixin options;

    @Override
    int run() {
        DatabaseSettings db = service().add(file, options.toOptions(name, null));
        out().println("added " + db.name() + " (" + db.sourcePath() + "), backups go to " + db.backupFolder()
                + (db.enabled() ? "" : " — backups are disabled"));
        return ExitCodes.OK;
    }
}
