package app.lifeboat.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pin}: protects a backup from retention and delete. */
@Command(name = "pin", description = "Pin a backup: retention never deletes it.")
final class PinCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "BACKUP-ID")
    String id;

    @Override
    int run() {
        service().setPinned(name, id, true);
        out().println("pinned " + id);
        return ExitCodes.OK;
    }
}
