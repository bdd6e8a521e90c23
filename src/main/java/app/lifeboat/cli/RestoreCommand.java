package app.lifeboat.cli;

import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.restore.RestoreRequest;
import app.lifeboat.core.restore.RestoreResult;
import java.io.Console;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code restore}: puts a backup back, after verifying it and saving what it replaces. */
@Command(name = "restore", description = "Restore a backup over the database (or into a new file with --to).")
final class RestoreCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "BACKUP-ID", arity = "0..1")
    String id;

    @Option(names = "--latest", description = "The newest good backup (the default).")
    boolean latest;

    @Option(names = "--to", paramLabel = "PATH", description = "Restore into this new file; the database is left alone.")
    Path to;

    @Option(names = "--from", paramLabel = "DESTINATION",
            description = "Restore a copy from this destination (it works on a new computer where NAME is not registered yet).")
    String from;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin
    ReadKeysMixin keys;

    @Override
    int run() {
        if (latest && id != null) {
            throw usageError("give either a BACKUP-ID or --latest, not both");
        }
        DatabaseSettings db = databaseOrUnregistered(name, from != null);
        if (db.sourcePath().isEmpty() && to == null) {
            throw usageError(name + " is not registered here, so there is no database file to restore over — give --to PATH");
        }
        if (!yes && !confirm(db)) {
            return ExitCodes.FAILED;
        }
        Secrets secrets = keys.secrets(db);
        RestoreRequest request = new RestoreRequest(id, to);
        RestoreResult r = Interruptible.run(cancel -> from != null
                ? service().restoreFrom(name, from, request, secrets, TerminalProgress.forTerminal(err()), cancel)
                : service().restore(name, request, secrets, TerminalProgress.forTerminal(err()), cancel));
        out().println("restored " + r.restored().id() + " (" + Format.local(r.restored().createdAt()) + ") to " + r.target());
        if (r.preRestore() != null) {
            out().println("the previous content was saved as backup " + r.preRestore().id() + " (pre-restore)");
        }
        if (r.note() != null) {
            out().println("note: " + r.note());
        }
        if (r.setAside() != null) {
            out().println("the previous file was " + (r.preRestore() == null ? "not a readable database" : "damaged")
                    + "; a copy of its bytes was kept at " + r.setAside());
        }
        return ExitCodes.OK;
    }

    private boolean confirm(DatabaseSettings db) {
        Console console = System.console();
        if (console == null) {
            throw usageError("restore asks for confirmation, but stdin is not a terminal — pass --yes to confirm");
        }
        Catalog.Listing listing = from != null ? service().listAt(name, from) : service().list(name);
        BackupRecord b = id != null ? listing.find(id).orElse(null) : listing.latestGood().orElse(null);
        String which = b == null ? (id != null ? id : "the newest good backup")
                : b.id() + " from " + Format.local(b.createdAt()) + " (" + b.status().label() + ")";
        String target = to != null ? "the new file " + to.toAbsolutePath()
                : db.sourcePath() + " (its current content is first saved as a pre-restore backup)";
        String answer = console.readLine("Restore %s of %s into %s? [y/N] ", which, name, target);
        if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
            err().println("restore cancelled — nothing was changed");
            return false;
        }
        return true;
    }
}
