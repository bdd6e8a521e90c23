package app.lifeboat.cli;

import app.lifeboat.core.health.DatabaseHealth;
import app.lifeboat.core.health.Warning;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status}: the health of every database; exit 1 when anything needs attention. */
@Command(name = "status", description = "Show the health of every database (exit 1 if any has a warning).")
final class StatusCommand extends BaseCommand {
    @Option(names = "--json", description = "Print JSON with machine-readable warning codes.")
    boolean json;

    @Override
    boolean onlyReads() {
        return true;
    }

    @Override
    int run() {
        List<DatabaseHealth> all = service().databases().stream().map(d -> service().health(d.name())).toList();
        if (json) {
            printJson(all);
        } else if (all.isEmpty()) {
            out().println("no databases yet — add one with 'lifeboat add FILE'");
        } else {
            Instant now = service().clock().instant();
            for (DatabaseHealth h : all) {
                out().println(h.database() + ": " + h.level().label() + " (last good backup "
                        + Format.ago(h.newestGoodBackupAt(), now) + ", " + h.backupCount() + " backups)");
                for (Warning w : h.warnings()) {
                    out().println("  " + w.severity().label() + " [" + w.code().label() + "] " + w.message());
                }
            }
        }
        return all.stream().allMatch(DatabaseHealth::healthy) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
