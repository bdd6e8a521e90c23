package app.lifeboat.core.config;

import app.lifeboat.core.crypto.AgeKeys;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.sqlite.DatabaseKey;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the keys an operation needs: first what the person supplied ({@link Secrets}), then the
 * environment variable or file the database's settings name. Settings never hold a secret.
 */
public final class KeyResolver {
    private final Map<String, String> env;

    public KeyResolver(Map<String, String> env) {
        this.env = env;
    }

    /** The environment secrets are read from; destinations read their credentials from it too. */
    public Map<String, String> env() {
        return env;
    }

    /** The source database's key, or null for a plain database. */
    public DatabaseKey databaseKey(DatabaseSettings db, Secrets secrets) {
        if (!db.sourceEncrypted()) {
            return null;
        }
        char[] key = secrets.databaseKey() != null ? secrets.databaseKey()
                : fromSources(db.keyEnv(), db.keyFile());
        if (key == null) {
            String problem = db.name() + " is encrypted and its key is not available";
            throw db.keyEnv() != null
                    ? new LifeboatException(ErrorCode.KEY_UNAVAILABLE, problem, Remedy.PROVIDE_KEY_SOURCE, db.name(),
                            "the variable " + db.keyEnv())
                    : new LifeboatException(ErrorCode.KEY_UNAVAILABLE, problem, Remedy.SET_KEY_SOURCE, db.name());
        }
        return new DatabaseKey(db.sourceCipher(), key);
    }

    /** The age passphrase for writing backups, or null when backups use public keys only. */
    public char[] backupPassphrase(DatabaseSettings db, Secrets secrets) {
        if (db.passphraseEnv() == null && db.passphraseFile() == null) {
            return secrets.agePassphrase();
        }
        char[] p = secrets.agePassphrase() != null ? secrets.agePassphrase()
                : fromSources(db.passphraseEnv(), db.passphraseFile());
        if (p == null) {
            throw new LifeboatException(ErrorCode.KEY_UNAVAILABLE, "backups of " + db.name()
                    + " are encrypted with a passphrase that is not available", Remedy.PROVIDE_KEY_SOURCE, db.name(),
                    db.passphraseEnv() != null ? "the variable " + db.passphraseEnv() : "the file " + db.passphraseFile());
        }
        return p;
    }

    /** Recipients for a new backup; empty when backups are not age-encrypted. */
    public List<RecipientStanzaWriter> backupRecipients(DatabaseSettings db, Secrets secrets) {
        if (!db.ageEncrypted()) {
            return List.of();
        }
        boolean usesPassphrase = db.passphraseEnv() != null || db.passphraseFile() != null;
        return AgeKeys.writers(db.encryptTo(), usesPassphrase ? backupPassphrase(db, secrets) : null);
    }

    /** Identities that may open an age-encrypted backup; empty when none is available. */
    public List<RecipientStanzaReader> identities(DatabaseSettings db, Secrets secrets) {
        List<RecipientStanzaReader> readers = new ArrayList<>();
        for (Path f : secrets.identityFiles()) {
            readers.addAll(AgeKeys.readIdentityFile(f, secrets::identityPassphrase));
        }
        char[] pass = secrets.agePassphrase() != null ? secrets.agePassphrase()
                : fromSources(db.passphraseEnv(), db.passphraseFile());
        if (pass != null) {
            readers.add(AgeKeys.passphraseReader(pass));
        }
        return readers;
    }

    /**
     * The key and passphrase sources in {@code db}'s settings that cannot be read now (an unset
     * variable, a missing or unreadable file), each described in words; empty when all work. A
     * setting that cannot work is reported when it is made, not when a scheduled backup fails.
     */
    public List<String> unavailableSources(DatabaseSettings db) {
        List<String> out = new ArrayList<>();
        if (db.sourceEncrypted()) {
            check(db.keyEnv(), db.keyFile(), "the database key", out);
        }
        check(db.passphraseEnv(), db.passphraseFile(), "the backup passphrase", out);
        return out;
    }

    private void check(String envVar, String file, String what, List<String> out) {
        if (envVar != null && (env.get(envVar) == null || env.get(envVar).isEmpty())) {
            out.add("the environment variable " + envVar + " that holds " + what + " is not set");
        }
        if (file != null && !Files.isReadable(Path.of(file))) {
            out.add("the file " + file + " that holds " + what + (Files.exists(Path.of(file))
                    ? " cannot be read" : " does not exist"));
        }
    }

    /** A secret from an environment variable or a file (either may be null); null when neither has one. */
    public char[] secretFrom(String envVar, String file) {
        return fromSources(envVar, file);
    }

    private char[] fromSources(String envVar, String file) {
        if (envVar != null) {
            String v = env.get(envVar);
            if (v != null && !v.isEmpty()) {
                return v.toCharArray();
            }
        }
        if (file != null) {
            try {
                String v = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                v = v.endsWith("\r\n") ? v.substring(0, v.length() - 2) : v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
                return v.isEmpty() ? null : v.toCharArray();
            } catch (IOException e) {
                throw new LifeboatException(ErrorCode.NOT_FOUND,
                        "cannot read the key file " + file + " — check the path and its permissions");
            }
        }
        return null;
    }
}
