package app.lifeboat.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code enable}: turns backups of a database on. */
@Command(name = "enable", description = "Turn backups of a database on.")
final class EnableCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run() {
        service().setEnabled(name, true);
        out().println("backups of " + name + " are enabled");
        return ExitCodes.OK;
    }
}
