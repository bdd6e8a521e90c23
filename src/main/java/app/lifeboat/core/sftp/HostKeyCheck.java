package app.lifeboat.core.sftp;

import app.lifeboat.core.io.FileSafety;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether to trust a server's host key, as OpenSSH's StrictHostKeyChecking=yes does, with
 * one addition: a key whose fingerprint the user accepted is trusted and recorded.
 *
 * <p>Two files are read: the user's known_hosts (by default {@code ~/.ssh/known_hosts}, never
 * written, so a host already trusted for ssh needs no second confirmation) and Lifeboat's own
 * known_hosts in its home, the only file written. Lifeboat writes its own because scheduled runs
 * may run with another home or user than the desktop, because rewriting a file that ssh and the
 * user maintain (hashing preferences, comments, concurrent ssh writes) is not ours to do, and so
 * that forgetting every host Lifeboat was told to trust is removing one file.
 *
 * <p>A host with an entry whose key differs from the one offered (and no entry that matches) has a
 * changed key: that is refused even when a fingerprint was accepted, since the fingerprint may have
 * been copied from the very warning an attacker caused. {@code @revoked} keys are refused too.
 */
final class HostKeyCheck implements ServerKeyVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(HostKeyCheck.class);

    /** What the last check found. */
    enum Verdict { NOT_CHECKED, TRUSTED, ACCEPTED, UNKNOWN, CHANGED, REVOKED }

    private final SftpLocation location;
    private final Path userKnownHosts;
    private final Path lifeboatKnownHosts;
    private final String acceptedFingerprint;
    private volatile Verdict verdict = Verdict.NOT_CHECKED;
    private volatile String fingerprint;
    private volatile Path conflictingFile;

    HostKeyCheck(SftpLocation location, Path userKnownHosts, Path lifeboatKnownHosts, String acceptedFingerprint) {
        this.location = location;
        this.userKnownHosts = userKnownHosts;
        this.lifeboatKnownHosts = lifeboatKnownHosts;
        this.acceptedFingerprint = acceptedFingerprint == null ? null : acceptedFingerprint.trim();
    }

    static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    Verdict verdict() {
        return verdict;
    }

    /** The SHA256 fingerprint of the key the server offered last. */
    String offeredFingerprint() {
        return fingerprint;
    }

    /** The known_hosts file that holds another key for the host, after {@link Verdict#CHANGED}. */
    Path conflictingFile() {
        return conflictingFile;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
        fingerprint = fingerprint(key);
        boolean matched = false;
        boolean revoked = false;
        Path other = null;
        for (Path file : files()) {
            for (PublicKey known : keysFor(file, false)) {
                if (KeyUtils.compareKeys(known, key)) {
                    matched = true;
                } else if (other == null) {
                    other = file;
                }
            }
            for (PublicKey bad : keysFor(file, true)) {
                revoked |= KeyUtils.compareKeys(bad, key);
            }
        }
        if (revoked) {
            verdict = Verdict.REVOKED;
        } else if (matched) {
            verdict = Verdict.TRUSTED;
        } else if (other != null) {
            conflictingFile = other;
            verdict = Verdict.CHANGED;
        } else if (fingerprint.equals(acceptedFingerprint)) {
            record(key); // if it cannot be recorded, the user is asked again next time: still their choice now
            verdict = Verdict.ACCEPTED;
        } else {
            verdict = Verdict.UNKNOWN;
        }
        return verdict == Verdict.TRUSTED || verdict == Verdict.ACCEPTED;
    }

    /**
     * The key types already known for the host, so the client can ask for those first: a server
     * with several host keys would otherwise present one the known_hosts file does not hold, and
     * that would look like a changed key (OpenSSH orders its algorithms the same way).
     */
    Set<String> knownKeyTypes() {
        Set<String> types = new LinkedHashSet<>();
        for (Path file : files()) {
            for (PublicKey k : keysFor(file, false)) {
                types.add(KeyUtils.getKeyType(k));
            }
        }
        return types;
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        if (userKnownHosts != null) {
            files.add(userKnownHosts);
        }
        if (!lifeboatKnownHosts.equals(userKnownHosts)) {
            files.add(lifeboatKnownHosts);
        }
        return files;
    }

    /** The host's keys in {@code file} (revoked ones, or the others); certificate authorities are not used. */
    private List<PublicKey> keysFor(Path file, boolean revoked) {
        List<PublicKey> keys = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return keys;
        }
        List<KnownHostEntry> entries;
        try {
            entries = KnownHostEntry.readKnownHostEntries(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the known hosts file {}: {}", file, e.toString());
            return keys;
        }
        for (KnownHostEntry e : entries) {
            String marker = e.getMarker();
            boolean isRevoked = "revoked".equalsIgnoreCase(marker);
            if (isRevoked != revoked || (marker != null && !isRevoked) || !e.isHostMatch(location.host(), location.port())) {
                continue;
            }
            AuthorizedKeyEntry k = e.getKeyEntry();
            try {
                PublicKey pk = k == null ? null : k.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (pk != null) {
                    keys.add(pk);
                }
            } catch (IOException | GeneralSecurityException | RuntimeException ex) {
                LOG.debug("skipping an unreadable key in {}: {}", file, ex.toString());
            }
        }
        return keys;
    }

    /** Appends the accepted key to Lifeboat's known_hosts (atomically, 0600); false if it cannot. */
    private boolean record(PublicKey key) {
        try {
            Path dir = lifeboatKnownHosts.toAbsolutePath().getParent();
            if (dir != null) {
                FileSafety.createPrivateDirectories(dir);
            }
            String old = Files.isRegularFile(lifeboatKnownHosts)
                    ? Files.readString(lifeboatKnownHosts, StandardCharsets.UTF_8) : "";
            String line = location.hostKeyName() + " " + PublicKeyEntry.toString(key) + "\n";
            String content = old.isEmpty() || old.endsWith("\n") ? old + line : old + "\n" + line;
            FileSafety.writeAtomically(lifeboatKnownHosts, content.getBytes(StandardCharsets.UTF_8));
            LOG.info("trusting the host key {} of {} as accepted, recorded in {}", fingerprint, location.hostKeyName(),
                    lifeboatKnownHosts);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot record the accepted host key of {} in {}: {}", location.hostKeyName(), lifeboatKnownHosts, e.toString());
            return false;
        }
    }
}
