package app.lifeboat.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.digest.BuiltinDigests;

/** SSH keys for tests: generated in Java, written as OpenSSH files (private keys 0600). */
public final class SshKeys {
    private SshKeys() {}

    public static KeyPair ed25519() {
        try {
            return KeyUtils.generateKeyPair("ssh-ed25519", 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code key} as an unencrypted OpenSSH private key file, mode 0600. */
    public static Path writePrivate(KeyPair key, Path file) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "lifeboat-test", null, out);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ssh-ed25519 AAAA...}, as in authorized_keys and known_hosts. */
    public static String publicLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    public static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    /** Writes a known_hosts file that trusts {@code key} for 127.0.0.1 on each of {@code ports}. */
    public static Path knownHosts(Path file, PublicKey key, int... ports) {
        StringBuilder b = new StringBuilder();
        for (int port : ports) {
            b.append("[127.0.0.1]:").append(port).append(' ').append(publicLine(key)).append('\n');
        }
        try {
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
