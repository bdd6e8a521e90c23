package app.lifeboat.core.sftp;

import app.lifeboat.core.base.StoredSecret;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatPathExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * One SSH session with its SFTP channel, shared by a destination and its nested namespaces. It
 * connects on first use, reconnects once when the session dropped, and turns failures into one
 * sentence each (unreachable, credentials refused, host key not trusted, permission, space).
 */
final class SftpConnection implements AutoCloseable {
    /** An SFTP operation that may be run again on a new session. */
    interface Op<T> {
        T run(SftpClient sftp) throws IOException;
    }

    /**
     * What the server offers for durable, atomic writes: the OpenSSH extensions, and SFTP v5+
     * rename with overwrite and atomic flags.
     */
    record Features(boolean fsync, boolean posixRename, boolean statvfs, boolean overwritingRename) {}

    private final SftpOptions options;
    private final Map<String, String> env;
    private Features mask = new Features(true, true, true, true);
    private SshClient client;
    private ClientSession session;
    private SftpClient sftp;
    private Features features;

    SftpConnection(SftpOptions options, Map<String, String> env) {
        this.options = options;
        this.env = env;
    }

    SftpOptions options() {
        return options;
    }

    /** For tests: behave as if the server lacked the extensions set to false here. */
    void maskFeatures(Features offered) {
        this.mask = offered;
    }

    synchronized Features features() throws IOException {
        ensureConnected();
        return features;
    }

    /** Runs {@code op}; if the session was lost (before or during it), once more on a new one. */
    <T> T call(String what, Op<T> op) throws IOException {
        SftpClient c = ensureConnected();
        try {
            return op.run(c);
        } catch (IOException | RuntimeException e) {
            if (!transportFailure(e)) {
                throw translate(e, what);
            }
            disconnect();
            c = ensureConnected();
            try {
                return op.run(c);
            } catch (IOException | RuntimeException e2) {
                throw translate(e2, what);
            }
        }
    }

    /**
     * Whether {@code e} means the session broke rather than the server answering with an error: the
     * SFTP client reports every answer as an {@link SftpException}, and our own checks (and local
     * files) raise a {@link FileSystemException}; anything else is the transport. The session's own
     * state is no guide, as it learns of a cut connection some time after a request failed.
     */
    private static boolean transportFailure(Exception e) {
        return e instanceof IOException && !(e instanceof SftpException) && !(e instanceof FileSystemException);
    }

    private synchronized boolean isOpen() {
        return session != null && session.isOpen() && !session.isClosing() && sftp != null && sftp.isOpen() && !sftp.isClosing();
    }

    private synchronized SftpClient ensureConnected() throws IOException {
        if (isOpen()) {
            return sftp;
        }
        disconnect();
        connect();
        return sftp;
    }

    private void connect() throws IOException {
        SftpLocation loc = options.location();
        HostKeyCheck check = new HostKeyCheck(loc, options.knownHosts(), options.lifeboatKnownHosts(),
                options.acceptedFingerprint());
        List<KeyPair> identities = loadIdentities();
        String password = stored(options.auth().storedPassword());
        if (password == null) {
            password = SecretFiles.secret(env, options.auth().passwordEnv(), options.auth().passwordFile(), "password",
                    options.name());
        }
        client = SshClient.setUpDefaultClient();
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        // A stalled network would otherwise hang a transfer for good: keepalives that go unanswered
        // for about the timeout end the session, and the operation fails as unreachable.
        Duration beat = options.timeout().dividedBy(3).compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1) : options.timeout().dividedBy(3);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, beat);
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, beat);
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
        client.setServerKeyVerifier(check);
        // Only what the destination names: no ~/.ssh/config rewriting the host, no default keys.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setFilePasswordProvider(FilePasswordProvider.EMPTY);
        client.setUserInteraction(null);
        String agentSocket = env.get("SSH_AUTH_SOCK");
        client.setAgentFactory(options.auth().useAgent() && agentSocket != null && !agentSocket.isEmpty()
                ? UnixSocketAgent.factory(Path.of(agentSocket)) : null);
        preferKnownKeyTypes(check.knownKeyTypes());
        preferHardwareCiphers();
        client.start();
        try {
            session = client.connect(loc.user(), loc.host(), loc.port()).verify(options.timeout()).getSession();
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw hostKeyOr(check, unreachable("cannot connect to " + where() + " (" + reason(e) + ")", e));
        }
        identities.forEach(session::addPublicKeyIdentity);
        if (password != null) {
            session.addPasswordIdentity(password);
        }
        try {
            session.auth().verify(options.timeout());
        } catch (IOException | RuntimeException e) {
            disconnect();
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (check.verdict() != HostKeyCheck.Verdict.TRUSTED && check.verdict() != HostKeyCheck.Verdict.ACCEPTED) {
                throw hostKeyOr(check, unreachable("the connection to " + where() + " ended before its host key was checked", e));
            }
            if (m.contains("authentication")) {
                throw new LifeboatException(ErrorCode.CREDENTIALS_REFUSED, "the server " + loc.hostKeyName() + " refused the login of "
                        + loc.user() + " with " + offered(identities, password), e, Remedy.CHECK_CREDENTIALS, options.name());
            }
            throw unreachable("the connection to " + where() + " was lost while logging in (" + reason(e) + ")", e);
        }
        try {
            sftp = SftpClientFactory.instance().createSftpClient(session);
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw new LifeboatException(ErrorCode.DESTINATION_UNAVAILABLE, "the server " + loc.hostKeyName()
                    + " let " + loc.user() + " in but offers no SFTP service (" + reason(e) + ")", e, Remedy.CHECK_CONNECTION,
                    options.name());
        }
        features = new Features(
                mask.fsync() && sftp.getExtension(OpenSSHFsyncExtension.class).isSupported(),
                mask.posixRename() && sftp.getExtension(OpenSSHPosixRenameExtension.class).isSupported(),
                mask.statvfs() && sftp.getExtension(OpenSSHStatPathExtension.class).isSupported(),
                mask.overwritingRename() && sftp.getVersion() >= SftpConstants.SFTP_V5);
    }

    private String offered(List<KeyPair> identities, String password) {
        List<String> what = new ArrayList<>();
        if (!identities.isEmpty()) {
            what.add("the key in " + options.auth().identityFile());
        }
        if (options.auth().useAgent()) {
            what.add(env.get("SSH_AUTH_SOCK") == null ? "no agent (SSH_AUTH_SOCK is not set)" : "the agent's keys");
        }
        if (password != null) {
            what.add("the password");
        }
        return what.isEmpty() ? "no key, agent or password (none is configured)" : String.join(", ", what);
    }

    /** The server's host keys of these types are asked for first (see {@link HostKeyCheck#knownKeyTypes}). */
    private void preferKnownKeyTypes(Set<String> known) {
        if (known.isEmpty()) {
            return;
        }
        List<NamedFactory<Signature>> sigs = new ArrayList<>(client.getSignatureFactories());
        sigs.sort(Comparator.comparingInt(f -> known.contains(keyTypeOf(f.getName())) ? 0 : 1));
        client.setSignatureFactories(sigs);
    }

    /**
     * AES-GCM first: the JDK runs it on the processor's AES and carry-less multiply instructions,
     * several times faster than MINA's pure-Java ChaCha20-Poly1305, which it would otherwise pick
     * and which made uploads CPU-bound. Every other cipher stays offered after it.
     */
    private void preferHardwareCiphers() {
        List<String> first = List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com");
        List<NamedFactory<Cipher>> ciphers = new ArrayList<>(client.getCipherFactories());
        ciphers.sort(Comparator.comparingInt(f -> first.contains(f.getName()) ? first.indexOf(f.getName()) : first.size()));
        client.setCipherFactories(ciphers);
    }

    private static String keyTypeOf(String signatureAlgorithm) {
        return signatureAlgorithm.startsWith("rsa-sha2-") ? "ssh-rsa" : signatureAlgorithm;
    }

    /** A secret from outside the settings, or null when there is none or another source stands in. */
    private static String stored(StoredSecret secret) {
        char[] value = secret == null ? null : secret.read();
        return value == null || value.length == 0 ? null : new String(value);
    }

    private List<KeyPair> loadIdentities() {
        Path file = options.auth().identityFile();
        if (file == null) {
            return List.of();
        }
        byte[] bytes = SecretFiles.readPrivate(file, "identity file", options.name());
        String stored = stored(options.auth().storedPassphrase());
        String passphrase = stored != null ? stored : SecretFiles.secret(env, options.auth().passphraseEnv(),
                options.auth().passphraseFile(), "identity file passphrase", options.name());
        List<KeyPair> keys = new ArrayList<>();
        try {
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
                    new ByteArrayInputStream(bytes), passphrase == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(passphrase));
            if (loaded != null) {
                loaded.forEach(keys::add);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String why = passphrase == null ? "it is not an OpenSSH private key, or it is encrypted and no passphrase is configured"
                    : "it is not an OpenSSH private key, or the passphrase does not open it";
            throw new LifeboatException(ErrorCode.CREDENTIALS_REFUSED, "cannot use the identity file " + file + " for "
                    + options.name() + ": " + why, e, Remedy.CHECK_CREDENTIALS, options.name());
        }
        if (keys.isEmpty()) {
            throw new LifeboatException(ErrorCode.CREDENTIALS_REFUSED, "the identity file " + file + " holds no private key",
                    Remedy.CHECK_CREDENTIALS, options.name());
        }
        return keys;
    }

    private LifeboatException hostKeyOr(HostKeyCheck check, LifeboatException otherwise) {
        String host = options.location().hostKeyName();
        String fp = check.offeredFingerprint();
        switch (check.verdict()) {
            case UNKNOWN: {
                String accepted = options.acceptedFingerprint();
                return new LifeboatException(ErrorCode.HOST_KEY_NOT_TRUSTED, "the host key of " + host + " is not known"
                        + (accepted == null ? "" : " and its fingerprint is not the accepted " + accepted)
                        + ": its fingerprint is " + fp, Remedy.CONFIRM_HOST_KEY, options.name(), fp);
            }
            case CHANGED:
                return new LifeboatException(ErrorCode.HOST_KEY_NOT_TRUSTED, "the host key of " + host
                        + " has CHANGED: " + check.conflictingFile() + " holds another key for it, and the server now offers "
                        + fp + "; this can be an attack, so nothing was sent", Remedy.HOST_KEY_CHANGED, options.name());
            case REVOKED:
                return new LifeboatException(ErrorCode.HOST_KEY_NOT_TRUSTED, "the host key " + fp + " of " + host
                        + " is marked as revoked in a known hosts file", Remedy.HOST_KEY_CHANGED, options.name());
            default:
                return otherwise;
        }
    }

    private LifeboatException unreachable(String problem, Throwable cause) {
        return new LifeboatException(ErrorCode.DESTINATION_UNREACHABLE, problem, cause, Remedy.CHECK_CONNECTION, options.name());
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        if (root instanceof ConnectException) {
            return "connection refused";
        }
        if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
            return "unknown host";
        }
        if ((m != null && m.toLowerCase(Locale.ROOT).contains("timeout")) || root instanceof TimeoutException) {
            return "timed out";
        }
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m.replaceAll("\\p{Cntrl}", " ");
    }

    /** The server for messages: {@code user@host:port}. */
    String where() {
        SftpLocation l = options.location();
        return l.user() + "@" + l.hostKeyName();
    }

    /** A failure of {@code what} as one sentence; a missing file stays a {@link NoSuchFileException}. */
    IOException translate(Exception e, String what) {
        if (e instanceof LifeboatException le) {
            throw le;
        }
        if (e instanceof NoSuchFileException nsf) {
            return nsf;
        }
        if (e instanceof SftpException se) {
            String detail = se.getMessage() == null ? "" : se.getMessage().replaceAll("\\p{Cntrl}", " ");
            switch (se.getStatus()) {
                case SftpConstants.SSH_FX_NO_SUCH_FILE:
                case SftpConstants.SSH_FX_NO_SUCH_PATH:
                    return (IOException) new NoSuchFileException(what + " on " + where() + ": no such file or folder").initCause(se);
                case SftpConstants.SSH_FX_PERMISSION_DENIED:
                case SftpConstants.SSH_FX_WRITE_PROTECT:
                    throw new LifeboatException(ErrorCode.DESTINATION_UNAVAILABLE, "the server " + where()
                            + " denied permission to " + what, se, Remedy.CHECK_PERMISSIONS);
                case SftpConstants.SSH_FX_NO_SPACE_ON_FILESYSTEM:
                case SftpConstants.SSH_FX_QUOTA_EXCEEDED:
                    throw noSpace(what, se);
                default:
                    if (detail.toLowerCase(Locale.ROOT).contains("space") || detail.toLowerCase(Locale.ROOT).contains("quota")) {
                        throw noSpace(what, se);
                    }
                    throw new LifeboatException(ErrorCode.IO_ERROR, "the server " + where() + " failed to " + what
                            + (detail.isEmpty() ? "" : ": " + detail), se, Remedy.SEE_DETAILS);
            }
        }
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof FileSystemException fse) {
            return fse; // names the remote path and what is wrong with it
        }
        throw unreachable("the connection to " + where() + " was lost while trying to " + what + " (" + reason(e) + ")", e);
    }

    LifeboatException noSpace(String what, Exception cause) {
        return new LifeboatException(ErrorCode.NO_SPACE, "the server " + where() + " has no space left to " + what, cause,
                Remedy.FREE_SPACE);
    }

    private synchronized void disconnect() {
        closeQuietly(sftp);
        closeQuietly(session);
        if (client != null) {
            client.stop();
        }
        sftp = null;
        session = null;
        client = null;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // closing a broken session: nothing more to release
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
