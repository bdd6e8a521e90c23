package app.lifeboat.core.sftp;

import app.lifeboat.core.base.StoredSecret;
import java.nio.file.Path;

/**
 * How an SFTP destination logs in, as references only: settings keep these paths and variable
 * names, never a key, passphrase or password. Every source that is given is offered to the server
 * (the identity file first, then the agent's keys, then the password); files holding secrets must be
 * readable by their owner only, as ssh demands.
 *
 * @param identityFile an OpenSSH private key (ed25519, RSA or ECDSA), or null
 * @param passphraseEnv the environment variable holding the identity file's passphrase, or null
 * @param passphraseFile a 0600 file holding that passphrase, or null
 * @param useAgent whether to ask the ssh-agent at {@code SSH_AUTH_SOCK}, when that is set
 * @param passwordEnv the environment variable holding the password, or null
 * @param passwordFile a 0600 file holding the password, or null
 * @param storedPassphrase the identity file's passphrase kept outside the settings (the OS keyring),
 *     asked before the variable and the file, or null
 * @param storedPassword the password kept outside the settings, asked before the variable and the
 *     file, or null
 */
public record SftpAuth(Path identityFile, String passphraseEnv, Path passphraseFile, boolean useAgent,
        String passwordEnv, Path passwordFile, StoredSecret storedPassphrase, StoredSecret storedPassword) {

    /** Sources in files and variables only. */
    public SftpAuth(Path identityFile, String passphraseEnv, Path passphraseFile, boolean useAgent, String passwordEnv,
            Path passwordFile) {
        this(identityFile, passphraseEnv, passphraseFile, useAgent, passwordEnv, passwordFile, null, null);
    }

    /** An unencrypted identity file, or one whose passphrase is in {@code passphraseEnv}; no agent. */
    public static SftpAuth identity(Path identityFile, String passphraseEnv) {
        return new SftpAuth(identityFile, passphraseEnv, null, false, null, null);
    }

    /** Only the keys of the ssh-agent. */
    public static SftpAuth agent() {
        return new SftpAuth(null, null, null, true, null, null);
    }

    /** A password from an environment variable or a 0600 file (either may be null). */
    public static SftpAuth password(String passwordEnv, Path passwordFile) {
        return new SftpAuth(null, null, null, false, passwordEnv, passwordFile);
    }
}
