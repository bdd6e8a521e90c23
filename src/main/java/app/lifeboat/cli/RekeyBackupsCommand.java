package app.lifeboat.cli;

import app.lifeboat.core.rekey.RekeyResult;
import app.lifeboat.core.base.Secrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rekey-backups}: replaces backups made under an old database key with one fresh backup. */
@Command(name = "rekey-backups",
        description = "Replace backups made under a previous database key with one fresh, verified backup.")
final class RekeyBackupsCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run() {
        Secrets secrets = Prompts.forBackup(service().database(name));
        RekeyResult r = Interruptible.run(cancel ->
                service().rekeyBackups(name, secrets, TerminalProgress.forTerminal(err()), cancel));
        out().println("took and verified " + r.fresh().id() + " under the current key; deleted "
                + r.deleted().size() + " backup(s) made under a previous key");
        if (!r.keptPinned().isEmpty()) {
            out().println("kept " + r.keptPinned().size() + " pinned backup(s) under a previous key — unpin them and run"
                    + " again to remove them");
        }
        return ExitCodes.OK;
    }
}
