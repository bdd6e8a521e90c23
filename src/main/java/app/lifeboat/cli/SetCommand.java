package app.lifeboat.cli;

import app.lifeboat.core.config.DatabaseSettings;
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

    @Override
    int run() {
        DatabaseSettings db = service().update(name, options.toOptions(null, source == null ? null : source.toString()));
        out().println(DatabasesCommand.describe(db));
        warnAboutSettingsThatCannotWork(db.name());
        return ExitCodes.OK;
    }
}
