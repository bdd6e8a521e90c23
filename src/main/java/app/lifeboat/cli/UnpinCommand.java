package app.lifeboat.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code unpin}: lets retention manage a backup again. */
@Command(name = "unpin", description = "Unpin a backup.")
final class UnpinCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "BACKUP-ID")
    String id;

    @Override
    int run() {
        service().setPinned(name, id, false);
        out().println("unpinned " + id);
        return ExitCodes.OK;
    }
}
