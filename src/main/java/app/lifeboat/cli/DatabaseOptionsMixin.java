package app.lifeboat.cli;

import app.lifeboat.core.DatabaseOptions;
import picocli.CommandLine.Option;

/** The options {@code add} and {@code set} share. */
final class DatabaseOptionsMixin {
    @Option(names = "--dest", paramLabel = "DIR", description = "Destination folder; backups go to DIR/<name>/.")
    String dest;

    @Option(names = "--max-count", paramLabel = "N", description = "Keep at most N good backups (0 = no limit).")
    Integer maxCount;

    @Option(names = "--max-age-days", paramLabel = "N", description = "Delete backups older than N days (0 = no limit).")
    Integer maxAgeDays;

    @Option(names = "--one-per-day", negatable = true, description = "Skip a second backup on the same UTC day unless --force.")
    Boolean onePerDay;

    @Option(names = "--disabled", description = "Register (or set) with backups turned off.")
    boolean disabled;

    DatabaseOptions toOptions(String name, String source) {
        return new DatabaseOptions(name, dest, maxCount, maxAgeDays, onePerDay, disabled ? Boolean.FALSE : null, source);
    }
}
