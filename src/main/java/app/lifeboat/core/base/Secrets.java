package app.lifeboat.core.base;

import java.nio.file.Path;
import java.util.List;

/**
 * Secrets a person supplies for one operation (typed at a prompt, or files named on the command
 * line). They live in memory for that operation only and are never written anywhere.
 *
 * @param databaseKey the source database's key, overriding its settings' key source (null: use settings)
 * @param agePassphrase the age passphrase for writing or reading passphrase-encrypted backups
 * @param identityFiles age identity files for reading X25519-encrypted backups
 * @param identityPassphrase unlocks passphrase-protected identity files
 */
public record Secrets(char[] databaseKey, char[] agePassphrase, List<Path> identityFiles, char[] identityPassphrase) {
    public Secrets {
        identityFiles = identityFiles == null ? List.of() : List.copyOf(identityFiles);
    }

    public static Secrets none() {
        return new Secrets(null, null, List.of(), null);
    }

    @Override
    public String toString() {
        return "Secrets[hidden]";
    }
}
