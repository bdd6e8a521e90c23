package app.lifeboat.cli;

import app.lifeboat.core.config.DestinationSecrets;
import app.lifeboat.core.config.DestinationSettings;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options {@code destination add} and {@code destination set} share. */
final class DestinationOptionsMixin {
    @Option(names = "--endpoint", paramLabel = "URL", description = "S3: the service address (for non-AWS stores).")
    String endpoint;

    @Option(names = "--region", description = "S3: the region.")
    String region;

    @Option(names = "--path-style", negatable = true,
            description = "S3: address buckets by path (most non-AWS stores need it; --no-path-style turns it off).")
    Boolean pathStyle;

    @Option(names = "--profile", description = "S3: the profile in ~/.aws/credentials.")
    String profile;

    @Option(names = "--credentials-file", paramLabel = "FILE", description = "S3: a 0600 file in the AWS credentials format.")
    String credentialsFile;

    @Option(names = "--identity-file", paramLabel = "FILE", description = "SFTP: the private key file.")
    String identityFile;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "SFTP: the known hosts file to check the server against.")
    String knownHosts;

    @Option(names = "--password-env", paramLabel = "VAR", description = "SFTP: the environment variable holding the password.")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE", description = "SFTP: a 0600 file holding the password.")
    String passwordFile;

    @Option(names = "--password-keyring",
            description = "SFTP: keep the password in the system keyring (asked for, or read from a line of stdin).")
    boolean passwordKeyring;

    @Option(names = "--passphrase-keyring",
            description = "SFTP: keep the identity file's passphrase in the system keyring (asked for, or read from stdin).")
    boolean passphraseKeyring;

    @Option(names = "--keys-keyring", description = "S3: keep the access key id and the secret access key in the system"
            + " keyring (asked for, or read from two lines of stdin).")
    boolean keysKeyring;

    @Option(names = "--no-keyring", description = "Stop using the system keyring for this destination and delete its entries.")
    boolean noKeyring;

    @Option(names = "--accept-host-key", paramLabel = "SHA256:...",
            description = "SFTP: trust the server's host key with this fingerprint (compare it with the server owner's).")
    String hostKey;

    /**
     * The settings named {@code name} at {@code url}: what was given, over {@code old} (null when
     * adding). An empty value ('') removes a setting; file paths become absolute.
     */
    DestinationSettings over(String name, String url, DestinationSettings old) {
        return new DestinationSettings(name, url,
                value(endpoint, old == null ? null : old.endpoint()), value(region, old == null ? null : old.region()),
                pathStyle == null ? (old == null ? null : old.pathStyle()) : pathStyle ? Boolean.TRUE : null,
                value(profile, old == null ? null : old.profile()),
                file(credentialsFile, old == null ? null : old.credentialsFile()),
                file(identityFile, old == null ? null : old.identityFile()),
                file(knownHosts, old == null ? null : old.knownHosts()),
                value(passwordEnv, old == null ? null : old.passwordEnv()),
                file(passwordFile, old == null ? null : old.passwordFile()),
                value(hostKey, old == null ? null : old.hostKey()), noKeyring || old == null ? null : old.keyring(), null);
    }

    /**
     * The secrets to keep in the keyring, read from a hidden prompt on a terminal or else from lines
     * of stdin: never from the command line, which other users can read in the process list.
     */
    DestinationSecrets secrets(String name, BaseCommand command) {
        if (noKeyring && (passwordKeyring || passphraseKeyring || keysKeyring)) {
            throw command.usageError("--no-keyring cannot be combined with the options that store a secret in the keyring");
        }
        if (!(passwordKeyring || passphraseKeyring || keysKeyring)) {
            return DestinationSecrets.none();
        }
        SecretReader in = new SecretReader(command);
        char[] id = keysKeyring ? in.read("Access key id for " + name + ": ") : null;
        char[] secret = keysKeyring ? in.read("Secret access key for " + name + ": ") : null;
        char[] password = passwordKeyring ? in.read("Password for " + name + ": ") : null;
        char[] passphrase = passphraseKeyring ? in.read("Passphrase of the identity file for " + name + ": ") : null;
        return new DestinationSecrets(id, secret, password, passphrase);
    }

    /** One secret per hidden prompt, or per line of stdin when stdin is not a terminal. */
    private static final class SecretReader {
        private final BaseCommand command;
        private final Console console = System.console();
        private BufferedReader lines;

        SecretReader(BaseCommand command) {
            this.command = command;
        }

        char[] read(String prompt) {
            char[] v;
            if (console != null) {
                v = console.readPassword("%s", prompt);
            } else {
                try {
                    if (lines == null) {
                        lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                    }
                    String line = lines.readLine();
                    v = line == null ? null : line.toCharArray();
                } catch (IOException e) {
                    throw command.usageError("cannot read the secret from stdin (" + e.getMessage() + ")");
                }
            }
            if (v == null || v.length == 0) {
                throw command.usageError("no secret was given for '" + prompt.replace(": ", "")
                        + "' — type it when asked, or pipe it in as a line of stdin");
            }
            return v;
        }
    }

    private static String value(String given, String old) {
        return given == null ? old : given.isBlank() ? null : given.trim();
    }

    private static String file(String given, String old) {
        String v = value(given, old);
        return v == null || v.equals(old) ? v : Path.of(v).toAbsolutePath().normalize().toString();
    }
}
