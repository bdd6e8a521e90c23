package app.lifeboat.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code disable}: turns backups of a database off. */
@Command(name = "disable", description = "Turn backups of a database off (status will warn).")
final class DisableCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run() {
        service().setEnabled(name, false);
        out().println("backups of " + name + " are disabled — 'lifeboat status' will warn until you enable them");
        return ExitCodes.OK;
    }
}
