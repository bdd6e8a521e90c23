package app.lifeboat.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code delete}: removes one backup and its sidecar. */
@Command(name = "delete", description = "Delete one backup (pinned backups must be unpinned first).")
final class DeleteCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "BACKUP-ID")
    String id;

    @Override
    int run() {
        service().delete(name, id);
        out().println("deleted backup " + id + " of " + name);
        return ExitCodes.OK;
    }
}
