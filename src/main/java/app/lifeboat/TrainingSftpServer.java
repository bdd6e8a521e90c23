package app.lifeboat;

import app.lifeboat.core.io.FileSafety;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * The SFTP server of the training run, so that the class-data-sharing archive also holds the
 * classes of an SFTP copy and restore (the SSH client, key exchange, SFTP, the upload path): about
 * a third of what such a command loads. MINA in this JVM, on 127.0.0.1 only, serving a folder of
 * the training run, letting in one key generated here; stopped when the training ends.
 */
final class TrainingSftpServer implements AutoCloseable {
    private final SshServer server;
    private final Path identity;
    private final Path knownHosts;

    TrainingSftpServer(Path dir) throws IOException, GeneralSecurityException {
        KeyPair host = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        KeyPair client = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Path root = Files.createDirectories(dir.resolve("sftp-root"));
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setKeyPairProvider(KeyPairProvider.wrap(host));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(client.getPublic(), key));
        server.setKeyboardInteractiveAuthenticator(null);
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        identity = dir.resolve("training_id");
        FileSafety.createPrivateFile(identity);
        try (OutputStream out = Files.newOutputStream(identity)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "lifeboat-training", null, out);
        }
        knownHosts = dir.resolve("training_known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(host.getPublic()) + "\n",
                StandardCharsets.UTF_8);
    }

    int port() {
        return server.getPort();
    }

    Path identity() {
        return identity;
    }

    Path knownHosts() {
        return knownHosts;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
