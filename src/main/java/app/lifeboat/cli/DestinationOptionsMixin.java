package app.lifeboat.cli;

import app.lifeboat.core.config.DestinationSettings;
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
                value(hostKey, old == null ? null : old.hostKey()), null);
    }

    private static String value(String given, String old) {
        return given == null ? old : given.isBlank() ? null : given.trim();
    }

    private static String file(String given, String old) {
        String v = value(given, old);
        return v == null || v.equals(old) ? v : Path.of(v).toAbsolutePath().normalize().toString();
    }
}
