package app.lifeboat.core.destination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.config.DestinationSecrets;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.KeyringEntries;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.keyring.JavaKeyring;
import app.lifeboat.core.keyring.SystemKeyring;
import app.lifeboat.testing.GnomeKeyring;
import app.lifeboat.testing.S3ProxyServer;
import app.lifeboat.testing.SftpTestServer;
import app.lifeboat.testing.SshKeys;
import app.lifeboat.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Destination secrets in a real gnome-keyring (its own D-Bus session), against real servers: the
 * settings name the entry, connections read it, and without a keyring the file or environment
 * stands in or the error says to use one.
 */
class DestinationKeyringTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String NO_SESSION = "there is no desktop session here (no D-Bus session bus)";

    @TempDir
    static Path shared;
    private static GnomeKeyring session;
    private static SftpTestServer sftp;
    private static S3ProxyServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        session = GnomeKeyring.start(Files.createDirectories(shared.resolve("keyring")));
        sftp = new SftpTestServer(Files.createDirectories(shared.resolve("sftp-root/data")).getParent());
        sftp.setPassword(PASSWORD);
        s3 = S3ProxyServer.start(Files.createDirectories(shared.resolve("s3")));
        try (S3Client c = s3.client()) {
            c.createBucket(b -> b.bucket("keys"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {s3, sftp, session}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** Each test starts with a new home, but the keyring is shared: leave it empty. */
    @AfterEach
    void emptyTheKeyring() {
        for (String account : new String[] {"nas/password", "nas/passphrase", "offsite/access-key-id", "offsite/secret-access-key"}) {
            keyring().delete(account);
        }
    }

    private JavaKeyring keyring() {
        return new JavaKeyring(session.env(), Duration.ofSeconds(20));
    }

    private BackupService service(SystemKeyring keyring) {
        return new BackupService(new LifeboatHome(dir.resolve("home")), Clock.systemUTC(), session.env(), keyring);
    }

    private static DestinationSettings nas(String passwordFile) {
        return new DestinationSettings("nas", "sftp://backup@127.0.0.1:" + sftp.port() + "/data", null, null, null, null,
                null, null, null, null, passwordFile, SshKeys.fingerprint(sftp.hostKey()), null, null);
    }

    private static DestinationSettings offsite() {
        return new DestinationSettings("offsite", "s3://keys/lifeboat", s3.endpoint().toString(), "us-east-1", true, null,
                null, null, null, null, null, null, null, null);
    }

    private static DestinationSecrets password(String p) {
        return new DestinationSecrets(null, null, p.toCharArray(), null);
    }

    private static String failure(DestinationCheck.Result r) {
        assertFalse(r.ok(), r.toString());
        return r.steps().stream().filter(s -> !s.ok()).findFirst().orElseThrow().detail();
    }

    @Test
    void sftpPasswordKeptInTheKeyringLogsInAndTheSettingsNameOnlyTheEntry() throws Exception {
        try (BackupService service = service(keyring())) {
            DestinationSettings d = service.addDestination(nas(null), password(PASSWORD));
            assertEquals(new KeyringEntries(null, null, "nas/password", null), d.keyring());
            String settings = Files.readString(dir.resolve("home/settings.json"));
            assertTrue(settings.contains("\"password\" : \"nas/password\""), settings);
            assertFalse(settings.contains(PASSWORD), "the secret is never in the settings");
            assertArrayEquals(PASSWORD.toCharArray(), keyring().read("nas/password"));

            DestinationCheck.Result r = service.testDestination("nas");
            assertTrue(r.ok(), r.toString());
        }
    }

    @Test
    void withoutAKeyringAndNoOtherSourceTheErrorSaysToUseAFileOrTheEnvironment() throws Exception {
        try (BackupService service = service(keyring())) {
            service.addDestination(nas(null), password(PASSWORD));
        }
        try (BackupService scheduled = service(SystemKeyring.none(NO_SESSION))) {
            String detail = failure(scheduled.testDestination("nas"));
            assertTrue(detail.contains("the password for nas is kept in the system keyring, which is not available here")
                    && detail.contains("no desktop session"), detail);
            assertFalse(detail.contains(PASSWORD));
        }
    }

    @Test
    void withoutAKeyringAPasswordFileStandsIn() throws Exception {
        Path file = Files.writeString(dir.resolve("nas-password"), PASSWORD + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (BackupService service = service(keyring())) {
            service.addDestination(nas(file.toString()), password(PASSWORD));
        }
        try (BackupService scheduled = service(SystemKeyring.none(NO_SESSION))) {
            DestinationCheck.Result r = scheduled.testDestination("nas");
            assertTrue(r.ok(), r.toString());
        }
    }

    @Test
    void anEntryDeletedFromTheKeyringIsReportedWithTheWayToStoreItAgain() throws Exception {
        try (BackupService service = service(keyring())) {
            service.addDestination(nas(null), password(PASSWORD));
            keyring().delete("nas/password");
            String detail = failure(service.testDestination("nas"));
            assertTrue(detail.contains("the system keyring has no entry 'nas/password'"), detail);
        }
    }

    @Test
    void anEncryptedIdentityFileOpensWithThePassphraseFromTheKeyring() throws Exception {
        Tools.require("ssh-keygen");
        Path key = dir.resolve("id_ed25519");
        Tools.sh(dir, "ssh-keygen -q -t ed25519 -N 'key pass phrase' -C test -f " + key);
        String line = Files.readString(dir.resolve("id_ed25519.pub")).trim();
        sftp.authorize(AuthorizedKeyEntry.parseAuthorizedKeyEntry(line).resolvePublicKey(null, PublicKeyEntryResolver.FAILING));
        DestinationSettings d = new DestinationSettings("nas", "sftp://backup@127.0.0.1:" + sftp.port() + "/data", null, null,
                null, null, null, key.toString(), null, null, null, SshKeys.fingerprint(sftp.hostKey()), null, null);
        try (BackupService service = service(keyring())) {
            service.addDestination(d, new DestinationSecrets(null, null, null, "key pass phrase".toCharArray()));
            assertEquals("nas/passphrase", service.destination("nas").keyring().passphrase());
            DestinationCheck.Result r = service.testDestination("nas");
            assertTrue(r.ok(), r.toString());
        }
        try (BackupService scheduled = service(SystemKeyring.none(NO_SESSION))) {
            String detail = failure(scheduled.testDestination("nas"));
            assertTrue(detail.contains("the identity file passphrase for nas is kept in the system keyring"), detail);
        }
    }

    @Test
    void s3KeysKeptInTheKeyringSignRequests() throws Exception {
        try (BackupService service = service(keyring())) {
            DestinationSettings d = service.addDestination(offsite(), new DestinationSecrets(
                    S3ProxyServer.IDENTITY.toCharArray(), S3ProxyServer.CREDENTIAL.toCharArray(), null, null));
            assertEquals(new KeyringEntries("offsite/access-key-id", "offsite/secret-access-key", null, null), d.keyring());
            assertFalse(Files.readString(dir.resolve("home/settings.json")).contains(S3ProxyServer.CREDENTIAL));
            DestinationCheck.Result r = service.testDestination("offsite");
            assertTrue(r.ok(), r.toString());
        }
        try (BackupService scheduled = service(SystemKeyring.none(NO_SESSION))) {
            String detail = failure(scheduled.testDestination("offsite"));
            assertTrue(detail.contains("the access key id for offsite is kept in the system keyring"), detail);
        }
    }

    @Test
    void wrongKeysInTheKeyringAreRefusedByTheServer() throws Exception {
        try (BackupService service = service(keyring())) {
            service.addDestination(offsite(), new DestinationSecrets(S3ProxyServer.IDENTITY.toCharArray(),
                    "not-the-secret".toCharArray(), null, null));
            assertFalse(service.testDestination("offsite").ok());
        }
    }

    @Test
    void aKeyringThatCannotTakeTheSecretRegistersNothing() throws Exception {
        try (BackupService service = service(SystemKeyring.none(NO_SESSION))) {
            LifeboatException e = assertThrows(LifeboatException.class,
                    () -> service.addDestination(nas(null), password(PASSWORD)));
            assertEquals(ErrorCode.KEY_UNAVAILABLE, e.code());
            assertEquals(Remedy.KEEP_SECRET_ELSEWHERE, e.remedy());
            assertTrue(service.destinations().isEmpty());
        }
    }

    @Test
    void removingTheDestinationOrTheKeyringDeletesItsEntries() throws Exception {
        try (BackupService service = service(keyring())) {
            DestinationSettings d = service.addDestination(nas(null), password(PASSWORD));
            service.editDestination(d.withKeyring(null));
            assertNull(keyring().read("nas/password"), "no longer named, so deleted");
            assertNull(service.destination("nas").keyring());

            service.editDestination(service.destination("nas"), password("again"));
            assertArrayEquals("again".toCharArray(), keyring().read("nas/password"));
            service.removeDestination("nas");
            assertNull(keyring().read("nas/password"));
        }
    }

    @Test
    void anS3DestinationWithHalfItsKeysInTheKeyringIsRefused() throws Exception {
        try (BackupService service = service(keyring())) {
            LifeboatException e = assertThrows(LifeboatException.class, () -> service.addDestination(offsite(),
                    new DestinationSecrets(null, "secret".toCharArray(), null, null)));
            assertEquals(Remedy.DESTINATION_OPTIONS, e.remedy());
            assertTrue(service.destinations().isEmpty());
            assertNull(keyring().read("offsite/secret-access-key"), "nothing is stored for a refused destination");
        }
    }
}
