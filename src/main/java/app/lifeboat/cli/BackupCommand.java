package app.lifeboat.cli;

import app.lifeboat.core.base.Bytes;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.create.CreateResult;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backup}: takes a backup now. */
@Command(name = "backup", description = "Back up a database now, then apply its retention.")
final class BackupCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--force", description = "Back up even if one-per-day would skip it.")
    boolean force;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "manual",
            description = "manual, scheduled or pre-migration (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--tag", paramLabel = "T", description = "A tag (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--description", paramLabel = "TEXT", description = "A note stored with the backup.")
    String description;

    @Override
    int run() {
        BackupType t;
        try {
            t = BackupType.parse(type);
        } catch (IllegalArgumentException e) {
            t = null;
        }
        if (t == null || t == BackupType.PRE_RESTORE) {
            throw usageError("--type must be manual, scheduled or pre-migration");
        }
        CreateRequest request = new CreateRequest(t, force, tags, description);
        Secrets secrets = Prompts.forBackup(service().database(name));
        CreateResult result = Interruptible.run(cancel ->
                service().create(name, request, secrets, TerminalProgress.forTerminal(err()), cancel));
        if (result instanceof CreateResult.Skipped s) {
            out().println("skipped: backup " + s.existing().id()
                    + " was already taken today (one-per-day is on); use --force to take another");
            return ExitCodes.OK;
        }
        CreateResult.Created created = result.created();
        BackupRecord r = created.backup();
        if (!r.isGood()) {
            // SQLite's report starts with "*** in database main ***" and a newline; errors are one line.
            String report = r.quickCheck().replaceAll("\\s*\\R\\s*", " ");
            err().println("error: the snapshot of " + name + " failed SQLite's quick_check (" + report
                    + ") — the source database is damaged; the backup was kept as " + r.id()
                    + " and marked source-corrupt, restore a good backup or repair the database");
            return ExitCodes.FAILED;
        }
        out().println("backed up " + name + " as " + r.id() + " (" + Bytes.human(r.storedSizeBytes()) + ", "
                + r.tables().size() + " tables)");
        int removed = created.pruned().deletions().size();
        if (removed > 0) {
            out().println("retention removed " + removed + " older backup(s)");
        }
        CopyCommand.print(name, created.copies(), out(), err());
        return ExitCodes.OK;
    }
}
