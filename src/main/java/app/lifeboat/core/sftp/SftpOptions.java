package app.lifeboat.core.sftp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything an SFTP destination needs besides its secrets' values.
 *
 * @param name the destination's name, for messages and remedies
 * @param location the server and folder
 * @param auth references to the login secrets
 * @param knownHosts the known_hosts file to trust (read only), or null for {@code ~/.ssh/known_hosts}
 * @param lifeboatKnownHosts Lifeboat's own known_hosts (in its home): trusted too, and where a key
 *     the user accepted is recorded
 * @param acceptedFingerprint a {@code SHA256:...} fingerprint the user confirmed for an unknown host
 *     key, or null
 * @param timeout how long connecting, logging in, or a server that stopped answering may take
 */
public record SftpOptions(String name, SftpLocation location, SftpAuth auth, Path knownHosts, Path lifeboatKnownHosts,
        String acceptedFingerprint, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public SftpOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(lifeboatKnownHosts, "lifeboatKnownHosts");
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        knownHosts = knownHosts != null ? knownHosts
                : Path.of(System.getProperty("user.home", "."), ".ssh", "known_hosts");
    }

    /** The same options with {@code fingerprint} accepted. */
    public SftpOptions withAcceptedFingerprint(String fingerprint) {
        return new SftpOptions(name, location, auth, knownHosts, lifeboatKnownHosts, fingerprint, timeout);
    }
}
