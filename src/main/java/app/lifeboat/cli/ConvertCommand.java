package app.lifeboat.cli;

import app.lifeboat.core.base.Bytes;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.config.Storage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convert}: turns full backups into incremental versions or back, keeping their ids. */
@Command(name = "convert", description = "Convert a backup (or --all) between full files and the incremental store.")
final class ConvertCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "BACKUP-ID", arity = "0..1")
    String id;

    @Option(names = "--all", description = "Convert every backup of the database.")
    boolean all;

    @Option(names = "--to", paramLabel = "full|incremental", required = true, description = "The storage to convert to.")
    String to;

    @Mixin
    ReadKeysMixin keys;

    @Override
    int run() {
        if (all == (id != null)) {
            throw usageError("give either a BACKUP-ID or --all");
        }
        Storage storage = Storage.parse(to);
        if (storage == null) {
            throw usageError("--to takes full or incremental, not '" + to + "'");
        }
        Secrets secrets = keys.secrets(service().database(name));
        List<BackupRecord> done = Interruptible.run(cancel -> service().convert(name, id, storage, secrets,
                TerminalProgress.forTerminal(err()), cancel));
        for (BackupRecord r : done) {
            out().println("converted " + r.id() + " to " + storage.label() + " (" + Bytes.human(r.storedSizeBytes())
                    + (r.isIncremental() ? " added to the store)" : ")"));
        }
        if (done.isEmpty()) {
            out().println("nothing to convert: " + (id != null ? "backup " + id + " is" : "the backups of " + name + " are")
                    + " already " + storage.label());
        }
        return ExitCodes.OK;
    }
}
