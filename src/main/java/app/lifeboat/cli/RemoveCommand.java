package app.lifeboat.cli;

import app.lifeboat.core.config.DatabaseSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code remove}: forgets a database, keeping its backups. */
@Command(name = "remove", description = "Forget a database; its backups stay on disk.")
final class RemoveCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run() {
        DatabaseSettings db = service().remove(name);
        out().println("removed " + name + "; its backups are still in " + db.backupFolder());
        return ExitCodes.OK;
    }
}
