package app.lifeboat.cli;

import app.lifeboat.core.config.CopyTarget;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.Storage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code databases}: lists registered databases. */
@Command(name = "databases", description = "List the registered databases and their settings.")
final class DatabasesCommand extends BaseCommand {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    boolean onlyReads() {
        return true;
    }

    @Override
    int run() {
        List<DatabaseSettings> dbs = service().databases();
        if (json) {
            printJson(dbs);
        } else if (dbs.isEmpty()) {
            out().println("no databases yet — add one with 'lifeboat add FILE'");
        } else {
            dbs.forEach(d -> out().println(describe(d)));
        }
        return ExitCodes.OK;
    }

    static String describe(DatabaseSettings d) {
        return d.name() + "  " + d.sourcePath() + "  -> " + d.backupFolder()
                + "  " + (d.enabled() ? "enabled" : "DISABLED")
                + "  max-count " + (d.maxCount() == 0 ? "none" : d.maxCount())
                + ", max-age-days " + (d.maxAgeDays() == 0 ? "none" : d.maxAgeDays())
                + (d.onePerDay() ? ", one per day" : "")
                + "  schedule: " + scheduleWords(d)
                + "  keep: " + (d.keep() == null ? "all" : d.keep().describe())
                + "  re-verify: " + (d.reverify() == null ? "weekly" : d.reverify())
                + (d.effectiveStorage() == Storage.INCREMENTAL ? "  storage: incremental"
                        : "  compression: " + d.effectiveCompression().label())
                + (d.ageEncrypted() ? "  age-encrypted" : "")
                + (d.sourceEncrypted() ? "  encrypted database (" + d.sourceCipher().describe() + ")" : "")
                + (d.copyTo().isEmpty() ? "" : "  copies to: " + String.join(", ", d.copyTo().stream().map(DatabasesCommand::copyWords)
                        .toList()));
    }

    private static String copyWords(CopyTarget c) {
        String rules = (c.keep() != null ? "keep " + c.keep().describe() : "")
                + (c.maxCount() != null ? (c.keep() != null ? ", " : "") + "max-count " + c.maxCount() : "");
        return c.destination() + (rules.isEmpty() ? "" : " (" + rules + ")");
    }

    private static String scheduleWords(DatabaseSettings d) {
        try {
            return d.effectiveSchedule().describe();
        } catch (IllegalArgumentException e) {
            return "invalid (" + d.schedule() + ")";
        }
    }
}
