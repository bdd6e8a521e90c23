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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown, accepted, changed and revoked host keys, against an in-JVM server. */
class SftpHostKeyTest {
    @TempDir
    static Path shared;

    static SftpTestServer server;
    static SftpFixture fixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = new SftpTestServer(Files.createDirectories(shared.resolve("root")));
        fixture = new SftpFixture(shared, "backup", server.port(), server.hostKey(), server.clientKey());
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    /** Options that trust only what {@code knownHosts} says, recording into this test's own Lifeboat file. */
    private SftpOptions options(Path knownHosts, String fingerprint) {
        SftpOptions o = fixture.options("/hk");
        return new SftpOptions(o.name(), o.location(), o.auth(), knownHosts, dir.resolve("home/known_hosts"), fingerprint,
                o.timeout());
    }

    private static LifeboatException refused(SftpOptions o) {
        try (SftpDestination d = fixture.open(o)) {
            return assertThrows(LifeboatException.class, d::list);
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedWithItsFingerprint() throws Exception {
        String fp = SshKeys.fingerprint(server.hostKey());
        LifeboatException e = refused(options(dir.resolve("none"), null));
        assertEquals(ErrorCode.HOST_KEY_NOT_TRUSTED, e.code());
        assertEquals(Remedy.CONFIRM_HOST_KEY, e.remedy());
        assertEquals(List.of("offsite", fp), e.remedyArgs());
        assertTrue(e.getMessage().contains(fp) && e.getMessage().contains("[127.0.0.1]:" + server.port()), e.getMessage());
        assertTrue(fp.startsWith("SHA256:"));
        assertFalse(Files.exists(dir.resolve("home/known_hosts")), "nothing recorded");
    }

    @Test
    void anAcceptedFingerprintConnectsAndIsRemembered() throws Exception {
        String fp = SshKeys.fingerprint(server.hostKey());
        try (SftpDestination d = fixture.open(options(dir.resolve("none"), fp))) {
            d.writeAtomically("a", new byte[] {1});
            assertEquals(List.of("a"), d.list());
        }
        String recorded = Files.readString(dir.resolve("home/known_hosts"), StandardCharsets.UTF_8);
        assertEquals("[127.0.0.1]:" + server.port() + " " + SshKeys.publicLine(server.hostKey()) + "\n", recorded);
        try (SftpDestination d = fixture.open(options(dir.resolve("none"), null))) {
            assertEquals(List.of("a"), d.list(), "the next run trusts the recorded key without a fingerprint");
        }
    }

    @Test
    void anotherFingerprintThanTheServersIsRefused() throws Exception {
        String other = SshKeys.fingerprint(SshKeys.ed25519().getPublic());
        LifeboatException e = refused(options(dir.resolve("none"), other));
        assertEquals(ErrorCode.HOST_KEY_NOT_TRUSTED, e.code());
        assertTrue(e.getMessage().contains(SshKeys.fingerprint(server.hostKey())) && e.getMessage().contains(other), e.getMessage());
    }

    @Test
    void aChangedHostKeyIsRefusedEvenWithItsFingerprintAccepted() throws Exception {
        Path known = SshKeys.knownHosts(dir.resolve("known_hosts"), SshKeys.ed25519().getPublic(), server.port());
        String fp = SshKeys.fingerprint(server.hostKey());
        LifeboatException e = refused(options(known, fp));
        assertEquals(ErrorCode.HOST_KEY_NOT_TRUSTED, e.code());
        assertEquals(Remedy.HOST_KEY_CHANGED, e.remedy());
        assertTrue(e.getMessage().contains("CHANGED") && e.getMessage().contains(known.toString()) && e.getMessage().contains(fp),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("home/known_hosts")), "the new key was not recorded");
    }

    @Test
    void aKeyRecordedForAnotherPortDoesNotCount() throws Exception {
        Path known = SshKeys.knownHosts(dir.resolve("known_hosts"), server.hostKey(), server.port() + 1);
        assertEquals(Remedy.CONFIRM_HOST_KEY, refused(options(known, null)).remedy());
    }

    @Test
    void hashedKnownHostsEntriesAreRead() throws Exception {
        Tools.require("ssh-keygen");
        Path known = dir.resolve("known_hosts");
        Files.writeString(known, "[127.0.0.1]:" + server.port() + " " + SshKeys.publicLine(server.hostKey()) + "\n");
        Tools.sh(dir, "ssh-keygen -H -f known_hosts");
        assertTrue(Files.readString(known).startsWith("|1|"), "hashed by ssh-keygen");
        try (SftpDestination d = fixture.open(options(known, null))) {
            assertEquals(List.of(), d.list());
        }
    }

    @Test
    void aRevokedKeyIsRefused() throws Exception {
        Path known = dir.resolve("known_hosts");
        Files.writeString(known, "@revoked [127.0.0.1]:" + server.port() + " " + SshKeys.publicLine(server.hostKey()) + "\n");
        LifeboatException e = refused(options(known, SshKeys.fingerprint(server.hostKey())));
        assertEquals(Remedy.HOST_KEY_CHANGED, e.remedy());
        assertTrue(e.getMessage().contains("revoked"), e.getMessage());
    }
}
