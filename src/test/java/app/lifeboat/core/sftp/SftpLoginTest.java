package app.lifeboat.core.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.testing.SftpTestServer;
import app.lifeboat.testing.SshKeys;
import app.lifeboat.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging in with key files (as ssh-keygen writes them), a passphrase, a password, and the ssh-agent. */
class SftpLoginTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path shared;

    static SftpTestServer server;
    static SftpFixture fixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = new SftpTestServer(Files.createDirectories(shared.resolve("root")));
        server.setPassword(PASSWORD);
        fixture = new SftpFixture(shared, "backup", server.port(), server.hostKey(), server.clientKey());
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static SftpOptions with(SftpAuth auth) {
        SftpOptions o = fixture.options("/login");
        return new SftpOptions(o.name(), o.location(), auth, o.knownHosts(), o.lifeboatKnownHosts(), null, o.timeout());
    }

    private static List<String> listWith(SftpAuth auth, Map<String, String> env) throws IOException {
        try (SftpDestination d = new SftpDestination(with(auth), env, fixture.dir.resolve("scratch"))) {
            return d.list();
        }
    }

    private static LifeboatException refusedWith(SftpAuth auth, Map<String, String> env) {
        return assertThrows(LifeboatException.class, () -> listWith(auth, env));
    }

    /** A key made by OpenSSH's ssh-keygen and authorized on the server. */
    private Path keygen(String type, String passphrase) throws Exception {
        Tools.require("ssh-keygen");
        Path key = dir.resolve("id_" + type);
        Tools.sh(dir, "ssh-keygen -q -t " + type + " -N '" + passphrase + "' -C test -f " + key);
        String line = Files.readString(dir.resolve("id_" + type + ".pub")).trim();
        PublicKey pub = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line).resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        server.authorize(pub);
        return key;
    }

    @Test
    void keysThatSshKeygenWritesLogIn() throws Exception {
        for (String type : List.of("ed25519", "rsa", "ecdsa")) {
            assertEquals(List.of(), listWith(SftpAuth.identity(keygen(type, ""), null), Map.of()), type);
        }
    }

    @Test
    void anEncryptedKeyOpensWithThePassphraseFromTheEnvironmentOrAFile() throws Exception {
        Path key = keygen("ed25519", "pass phrase");
        assertEquals(List.of(), listWith(SftpAuth.identity(key, "KEY_PASS"), Map.of("KEY_PASS", "pass phrase")));
        Path passFile = dir.resolve("pass");
        Files.writeString(passFile, "pass phrase\n");
        Files.setPosixFilePermissions(passFile, PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of(), listWith(new SftpAuth(key, null, passFile, false, null, null), Map.of()));

        LifeboatException noPass = refusedWith(SftpAuth.identity(key, null), Map.of());
        assertEquals(ErrorCode.CREDENTIALS_REFUSED, noPass.code());
        assertTrue(noPass.getMessage().contains("no passphrase"), noPass.getMessage());
        LifeboatException unset = refusedWith(SftpAuth.identity(key, "KEY_PASS"), Map.of());
        assertTrue(unset.getMessage().contains("variable KEY_PASS") && unset.getMessage().contains("is not set"), unset.getMessage());
        LifeboatException wrong = refusedWith(SftpAuth.identity(key, "KEY_PASS"), Map.of("KEY_PASS", "guess"));
        assertEquals(ErrorCode.CREDENTIALS_REFUSED, wrong.code());
        assertFalse(wrong.getMessage().contains("guess"), "the secret is never in a message");
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefused() throws Exception {
        Path other = SshKeys.writePrivate(SshKeys.ed25519(), dir.resolve("other_key"));
        LifeboatException e = refusedWith(SftpAuth.identity(other, null), Map.of());
        assertEquals(ErrorCode.CREDENTIALS_REFUSED, e.code());
        assertEquals(Remedy.CHECK_CREDENTIALS, e.remedy());
        assertTrue(e.getMessage().contains("refused the login of backup") && e.getMessage().contains(other.toString()),
                e.getMessage());
    }

    @Test
    void aKeyFileOthersCanReadIsRefusedBeforeItIsRead() throws Exception {
        Path key = SshKeys.writePrivate(server.clientKey(), dir.resolve("id_open"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        LifeboatException e = refusedWith(SftpAuth.identity(key, null), Map.of());
        assertEquals(ErrorCode.CREDENTIALS_REFUSED, e.code());
        assertEquals(Remedy.CHECK_PERMISSIONS, e.remedy());
        assertTrue(e.getMessage().contains("rw-r--r--") && e.getMessage().contains(key.toString()), e.getMessage());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of(), listWith(SftpAuth.identity(key, null), Map.of()), "and works once it is private");
    }

    @Test
    void aPasswordFromTheEnvironmentOrAPrivateFileLogsIn() throws Exception {
        assertEquals(List.of(), listWith(SftpAuth.password("SFTP_PASSWORD", null), Map.of("SFTP_PASSWORD", PASSWORD)));
        Path file = dir.resolve("password");
        Files.writeString(file, PASSWORD + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of(), listWith(SftpAuth.password(null, file), Map.of()));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        assertEquals(Remedy.CHECK_PERMISSIONS, refusedWith(SftpAuth.password(null, file), Map.of()).remedy());
        LifeboatException wrong = refusedWith(SftpAuth.password("SFTP_PASSWORD", null), Map.of("SFTP_PASSWORD", "hunter2"));
        assertEquals(ErrorCode.CREDENTIALS_REFUSED, wrong.code());
        assertFalse(wrong.getMessage().contains("hunter2"), "the secret is never in a message");
    }

    @Test
    void nothingToLogInWithIsSaid() {
        LifeboatException e = refusedWith(new SftpAuth(null, null, null, true, null, null), Map.of());
        assertEquals(ErrorCode.CREDENTIALS_REFUSED, e.code());
        assertTrue(e.getMessage().contains("SSH_AUTH_SOCK is not set"), e.getMessage());
    }

    @Test
    void theAgentsKeysLogIn() throws Exception {
        Tools.require("ssh-agent");
        Path key = keygen("ed25519", "");
        Path socket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        try {
            for (int i = 0; i < 250 && !Files.exists(socket); i++) {
                Thread.sleep(20);
            }
            Tools.sh(dir, "SSH_AUTH_SOCK=" + socket + " ssh-add " + key + " 2>/dev/null");
            Files.delete(key); // only the agent has it now
            assertEquals(List.of(), listWith(SftpAuth.agent(), Map.of("SSH_AUTH_SOCK", socket.toString())));
        } finally {
            agent.destroy();
            agent.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
