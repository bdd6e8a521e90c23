package app.lifeboat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An SFTP server in this JVM on 127.0.0.1 (Apache MINA SSHD), serving a folder as its root, with
 * an ed25519 host key and public-key login for one generated client key (any user name), or a
 * password when one is set. Starts in a fraction of a second: one per test class.
 */
public final class SftpTestServer implements AutoCloseable {
    private final SshServer server;
    private final KeyPair hostKey;
    private final KeyPair clientKey;
    private final List<PublicKey> authorized = new CopyOnWriteArrayList<>();
    private volatile String password;

    public SftpTestServer(Path root) {
        this.hostKey = SshKeys.ed25519();
        this.clientKey = SshKeys.ed25519();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        authorized.add(clientKey.getPublic());
        server.setPublickeyAuthenticator((user, key, session) -> authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        server.setPasswordAuthenticator((user, pw, session) -> password != null && password.equals(pw));
        server.setKeyboardInteractiveAuthenticator(null);
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** The key pair the server lets in. */
    public KeyPair clientKey() {
        return clientKey;
    }

    /** Lets {@code key} in too. */
    public void authorize(PublicKey key) {
        authorized.add(key);
    }

    /** Lets a password in too (null: keys only). */
    public void setPassword(String password) {
        this.password = password;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
