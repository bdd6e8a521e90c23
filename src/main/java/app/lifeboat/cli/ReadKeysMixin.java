package app.lifeboat.cli;

import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.config.DatabaseSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of commands that read encrypted backups ({@code verify}, {@code restore}). */
final class ReadKeysMixin {
    @Option(names = "--identity", paramLabel = "FILE", description = "age identity file for encrypted backups (repeatable).")
    List<Path> identities = new ArrayList<>();

    @Option(names = "--passphrase-env", paramLabel = "VAR", description = "age passphrase for encrypted backups, from variable VAR.")
    String passphraseEnv;

    Secrets secrets(DatabaseSettings db) {
        return Prompts.forReading(db, identities, passphraseEnv);
    }
}
