package app.lifeboat.cli;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.config.DatabaseSettings;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link Secrets} of one command: from files and variables named on the command line,
 * and from a hidden prompt on a terminal when a needed secret has no other source. Secrets are
 * never taken as command-line values, which other users can read in the process list.
 */
final class Prompts {
    private Prompts() {}

    static char[] ask(String prompt) {
        Console c = System.console();
        return c == null ? null : c.readPassword("%s", prompt);
    }

    static char[] env(String var) {
        if (var == null) {
            return null;
        }
        String v = System.getenv(var);
        if (v == null || v.isEmpty()) {
            throw new LifeboatException(ErrorCode.KEY_UNAVAILABLE,
                    "the environment variable " + var + " is not set — export it or run in a terminal to be asked");
        }
        return v.toCharArray();
    }

    /** Secrets for taking a backup: a prompt for a database key or age passphrase that has no configured source. */
    static Secrets forBackup(DatabaseSettings db) {
        Map<String, String> env = System.getenv();
        char[] dbKey = null;
        if (db.sourceEncrypted() && !available(db.keyEnv(), db.keyFile(), env)) {
            dbKey = ask("Key of database " + db.name() + ": ");
        }
        char[] pass = null;
        if ((db.passphraseEnv() != null || db.passphraseFile() != null)
                && !available(db.passphraseEnv(), db.passphraseFile(), env)) {
            pass = ask("Backup passphrase for " + db.name() + ": ");
        }
        return new Secrets(dbKey, pass, List.of(), null);
    }

    /** Secrets for reading backups: identity files, a passphrase variable, prompts where needed. */
    static Secrets forReading(DatabaseSettings db, List<Path> identities, String passphraseEnv) {
        Secrets base = forBackupKeyOnly(db);
        char[] pass = env(passphraseEnv);
        boolean usesPassphrase = db.passphraseEnv() != null || db.passphraseFile() != null;
        if (pass == null && usesPassphrase && identities.isEmpty()
                && !available(db.passphraseEnv(), db.passphraseFile(), System.getenv())) {
            pass = ask("Backup passphrase for " + db.name() + ": ");
        }
        char[] identityPass = null;
        for (Path f : identities) {
            if (isAgeEncrypted(f)) {
                identityPass = pass != null ? pass : ask("Passphrase of identity file " + f + ": ");
                break;
            }
        }
        return new Secrets(base.databaseKey(), pass, identities, identityPass);
    }

    private static Secrets forBackupKeyOnly(DatabaseSettings db) {
        char[] dbKey = null;
        if (db.sourceEncrypted() && !available(db.keyEnv(), db.keyFile(), System.getenv())) {
            dbKey = ask("Key of database " + db.name() + ": ");
        }
        return new Secrets(dbKey, null, List.of(), null);
    }

    private static boolean available(String envVar, String file, Map<String, String> env) {
        return (envVar != null && env.get(envVar) != null && !env.get(envVar).isEmpty())
                || (file != null && Files.isReadable(Path.of(file)));
    }

    private static boolean isAgeEncrypted(Path f) {
        try (var in = Files.newInputStream(f)) {
            return new String(in.readNBytes(21), StandardCharsets.US_ASCII).startsWith("age-encryption.org");
        } catch (IOException e) {
            return false;
        }
    }
}
