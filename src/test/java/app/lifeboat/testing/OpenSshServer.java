package app.lifeboat.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OpenSSH {@code sshd} on 127.0.0.1 for interop tests: a temporary host key, one
 * authorized client key, the internal SFTP server (which offers fsync, posix-rename and statvfs),
 * no password login. Tests call {@link #require()} first: a missing sshd skips locally and fails
 * on CI, where {@code .ci/run} installs openssh-server.
 */
public final class OpenSshServer implements AutoCloseable {
    public static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Process process;
    private final int port;
    private final KeyPair hostKey;
    private final KeyPair clientKey;

    public static void require() {
        Tools.requireUnlessLocal(Files.isExecutable(SSHD), "OpenSSH sshd is not installed (Debian package openssh-server)");
    }

    public OpenSshServer(Path dir) throws IOException {
        hostKey = SshKeys.ed25519();
        clientKey = SshKeys.ed25519();
        Path hostKeyFile = SshKeys.writePrivate(hostKey, dir.resolve("ssh_host_ed25519_key"));
        Path authorized = dir.resolve("authorized_keys");
        Files.writeString(authorized, SshKeys.publicLine(clientKey.getPublic()) + "\n", StandardCharsets.UTF_8);
        if ("root".equals(System.getProperty("user.name"))) {
            Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation folder, missing in containers
        }
        port = freePort();
        process = new ProcessBuilder(List.of(SSHD.toString(), "-D", "-e", "-f", "/dev/null", "-h", hostKeyFile.toString(),
                "-p", Integer.toString(port), "-o", "ListenAddress=127.0.0.1", "-o", "PidFile=none",
                "-o", "AuthorizedKeysFile=" + authorized, "-o", "StrictModes=no", "-o", "PasswordAuthentication=no",
                "-o", "KbdInteractiveAuthentication=no", "-o", "UsePAM=no", "-o", "PermitRootLogin=prohibit-password",
                "-o", "Subsystem=sftp internal-sftp"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        awaitListening(dir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitListening(Path dir) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException(ie);
                }
            }
        }
        close();
        throw new IOException("sshd did not listen on port " + port);
    }

    public int port() {
        return port;
    }

    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    public KeyPair clientKey() {
        return clientKey;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
