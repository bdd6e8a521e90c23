package app.lifeboat.cli;

import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.Storage;
import java.nio.file.Path;
import app.lifeboat.core.base.Secrets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code add}: registers a database. */
@Command(name = "add", description = "Register a SQLite database for backup.")
final class AddCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "DB-FILE")
    Path file;

    @Option(names = "--name", description = "Name (default: from the file name).")
    String name;

    @Mixin
    DatabaseOptionsMixin options;

    @Override
    int run() {
        char[] key = null;
        if (options.keyEnv == null && options.keyFile == null && service().inspectSource(file)) {
            key = Prompts.ask("Key of the encrypted database " + file + ": ");
        }
        Storage storage = options.storage(this::usageError);
        options.requireCompressionFits(storage, this::usageError);
        DatabaseSettings db = service().add(file, options.toOptions(name, null).withStorage(storage),
                new Secrets(key, null, List.of(), null));
        out().println("added " + db.name() + " (" + db.sourcePath() + "), backups go to " + db.backupFolder()
                + (db.effectiveStorage() == Storage.INCREMENTAL ? " (incremental store)" : "")
                + (db.enabled() ? "" : " — backups are disabled"));
        if (db.sourceEncrypted()) {
            out().println("encrypted with " + db.sourceCipher().describe() + "; backups stay encrypted with its key"
                    + " and are not compressed (ciphertext does not compress)"
                    + (db.keyEnv() == null && db.keyFile() == null ? "; the key is not stored, so each backup will ask for it"
                            + " (use --key-env or --key-file for unattended backups)" : ""));
        }
        warnAboutSettingsThatCannotWork(db.name());
        return ExitCodes.OK;
    }
}
