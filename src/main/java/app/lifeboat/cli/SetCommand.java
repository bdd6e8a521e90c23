package app.lifeboat.cli;

import app.lifeboat.core.config.CopyTarget;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.KeepRules;
import app.lifeboat.core.config.Storage;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code set}: changes a database's settings. */
@Command(name = "set", description = "Change the settings of a registered database.")
final class SetCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--source", paramLabel = "DB-FILE", description = "New path of the database file.")
    Path source;

    @Mixin
    DatabaseOptionsMixin options;

    @Option(names = "--copy-to", paramLabel = "DESTINATION",
            description = "Copy each new backup to this destination once it is verified (see 'lifeboat destination').")
    String copyTo;

    @Option(names = "--no-copy-to", paramLabel = "DESTINATION",
            description = "Stop copying to this destination; the copies there stay.")
    String noCopyTo;

    @Option(names = "--copy-keep-last", paramLabel = "N", description = "With --copy-to: keep the newest N copies there.")
    Integer copyKeepLast;

    @Option(names = "--copy-keep-daily", paramLabel = "N", description = "With --copy-to: keep one copy a day for N days there.")
    Integer copyKeepDaily;

    @Option(names = "--copy-keep-weekly", paramLabel = "N", description = "With --copy-to: keep one copy a week for N weeks there.")
    Integer copyKeepWeekly;

    @Option(names = "--copy-keep-monthly", paramLabel = "N",
            description = "With --copy-to: keep one copy a month for N months there.")
    Integer copyKeepMonthly;

    @Option(names = "--copy-keep-yearly", paramLabel = "N", description = "With --copy-to: keep one copy a year for N years there.")
    Integer copyKeepYearly;

    @Option(names = "--copy-max-count", paramLabel = "N", description = "With --copy-to: keep at most N copies there.")
    Integer copyMaxCount;

    @Override
    int run() {
        boolean copyRules = copyKeepLast != null || copyKeepDaily != null || copyKeepWeekly != null || copyKeepMonthly != null
                || copyKeepYearly != null || copyMaxCount != null;
        if (copyRules && copyTo == null) {
            throw usageError("--copy-keep-* and --copy-max-count apply to the destination named by --copy-to");
        }
        Storage storage = options.storage(this::usageError);
        options.requireCompressionFits(storage != null ? storage : service().database(name).effectiveStorage(), this::usageError);
        DatabaseSettings before = service().database(name);
        DatabaseSettings db = service().update(name, options.toOptions(null, source == null ? null : source.toString()));
        if (noCopyTo != null) {
            db = service().stopCopyingTo(name, noCopyTo);
        }
        if (storage != null) {
            db = service().setStorage(name, storage);
        }
        if (copyTo != null) {
            KeepRules keep = copyRules ? new KeepRules(copyKeepLast, 0, copyKeepDaily, copyKeepWeekly, copyKeepMonthly,
                    copyKeepYearly) : null;
            db = service().copyTo(name, new CopyTarget(copyTo, keep, copyMaxCount));
        }
        out().println(DatabasesCommand.describe(db));
        if (db.effectiveStorage() == Storage.INCREMENTAL && before.ageEncrypted() && db.ageEncrypted()
                && !before.recipientsId().equals(db.recipientsId())) {
            out().println("note: new recipients get an incremental store of their own: the next backup stores the whole"
                    + " database again, and the backups taken so far still need the earlier identity to restore");
        }
        warnAboutSettingsThatCannotWork(db.name());
        return ExitCodes.OK;
    }
}
