package app.lifeboat.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.codec.Compression;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.Storage;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.crypto.Age;
import app.lifeboat.core.crypto.AgeKeys;
import app.lifeboat.core.health.Warning;
import app.lifeboat.core.rekey.RekeyResult;
import app.lifeboat.core.restore.RestoreRequest;
import app.lifeboat.core.verify.VerifyOutcome;
import app.lifeboat.core.verify.VerifyRequest;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.testing.Tools;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups in open formats, checked with the real tools a user would reach for when Lifeboat is
 * gone: zstd, gunzip, age, sqlite3 and Debian's sqlcipher (SQLCipher 3.x).
 */
class EncryptionInteropTest {
    @TempDir
    Path dir;

    final Map<String, String> env = new HashMap<>();
    BackupService service;
    Path db;

    @BeforeEach
    void setUp() throws Exception {
        service = new BackupService(new LifeboatHome(dir.resolve("home")), Clock.systemUTC(), env);
        db = TestDatabases.create(dir.resolve("app.db"), 2000);
        service.add(db, DatabaseOptions.none());
        service.setStorage("app", Storage.FULL); // these tests read the stored files with the CLI tools
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private BackupRecord backup(String name) {
        return service.create(name, new CreateRequest(BackupType.MANUAL, true, List.of(), null), Secrets.none(),
                ProgressListener.NONE, Cancellation.none()).created().backup();
    }

    private Path stored(String name, BackupRecord r) {
        return service.home().defaultDestination().resolve(name).resolve(r.file());
    }

    private void set(String name, String compression, List<String> encryptTo, String passphraseEnv) {
        service.update(name, new DatabaseOptions(null, null, null, null, null, null, null, compression, null, encryptTo,
                passphraseEnv, null, false, null, null, null, null));
    }

    @Test
    void zstdBackupIsAPlainZstdStreamThatTheZstdCliRestores() {
        Tools.require("zstd");
        Tools.require("sqlite3");
        BackupRecord r = backup("app");
        assertEquals("zstd", r.codec());
        assertTrue(r.storedSizeBytes() < r.originalSizeBytes(), "compression should shrink the database");
        Tools.sh(dir, "zstd -d -q -c '" + stored("app", r) + "' > x.db");
        assertEquals("ok\n2000\n", Tools.sh(dir, "sqlite3 x.db 'PRAGMA integrity_check' 'SELECT count(*) FROM notes'"));
    }

    @Test
    void gzipBackupRestoresWithGunzip() {
        Tools.require("sqlite3");
        set("app", "gzip", null, null);
        BackupRecord r = backup("app");
        assertTrue(r.file().endsWith(".db.gz"));
        Tools.sh(dir, "gunzip -c '" + stored("app", r) + "' > x.db");
        assertEquals("ok\n", Tools.sh(dir, "sqlite3 x.db 'PRAGMA integrity_check'"));
    }

    @Test
    void ageBackupDecryptsWithTheAgeCliAndVerifiesOnlyWithTheIdentity() throws Exception {
        Tools.require("age");
        Tools.require("zstd");
        Tools.require("sqlite3");
        Path id = dir.resolve("id.txt");
        String recipient = AgeKeys.writeIdentityFile(id);
        set("app", null, List.of(recipient), null);
        BackupRecord r = backup("app");
        assertTrue(r.file().endsWith(".db.zst.age"));
        Tools.sh(dir, "age -d -i id.txt '" + stored("app", r) + "' | zstd -d -q > x.db");
        assertEquals("ok\n2000\n", Tools.sh(dir, "sqlite3 x.db 'PRAGMA integrity_check' 'SELECT count(*) FROM notes'"));

        VerifyOutcome shallow = service.verify("app", VerifyRequest.one(r.id()), Secrets.none(), ProgressListener.NONE,
                Cancellation.none()).get(0);
        assertTrue(shallow.result().ok());
        assertFalse(shallow.result().deep(), "without the identity only the checksum can be checked");
        VerifyOutcome deep = service.verify("app", VerifyRequest.one(r.id()), new Secrets(null, null, List.of(id), null),
                ProgressListener.NONE, Cancellation.none()).get(0);
        assertTrue(deep.result().deep() && deep.result().ok(), deep.result().summary());
    }

    @Test
    void wrongIdentityIsAClearErrorAndChangesNothing() throws Exception {
        String recipient = AgeKeys.writeIdentityFile(dir.resolve("id.txt"));
        AgeKeys.writeIdentityFile(dir.resolve("other.txt"));
        set("app", null, List.of(recipient), null);
        BackupRecord r = backup("app");
        byte[] sidecarBefore = Files.readAllBytes(stored("app", r).resolveSibling(r.sidecarName()));
        LifeboatException e = assertThrows(LifeboatException.class, () -> service.restore("app",
                new RestoreRequest(r.id(), null), new Secrets(null, null, List.of(dir.resolve("other.txt")), null),
                ProgressListener.NONE, Cancellation.none()));
        assertEquals(ErrorCode.WRONG_KEY, e.code());
        assertTrue(e.getMessage().startsWith("this backup is encrypted for a different key — "), e.getMessage());
        assertEquals(2000, TestDatabases.count(db, "SELECT count(*) FROM notes"));
        assertTrue(Arrays.equals(sidecarBefore, Files.readAllBytes(stored("app", r).resolveSibling(r.sidecarName()))));
    }

    @Test
    void passphraseBackupOpensWithAgeCliAndAgePassphraseFilesOpenHere() throws Exception {
        Tools.require("age");
        Tools.require("script");
        env.put("BACKUP_PASS", "correct horse battery");
        set("app", "none", null, "BACKUP_PASS");
        BackupRecord r = backup("app");
        assertEquals(List.of("scrypt"), r.recipients());
        // age reads passphrases from a terminal only; script(1) gives it one fed from stdin.
        Tools.sh(dir, "script -qec \"age -d -o x.db '" + stored("app", r) + "'\" /dev/null", "correct horse battery\n");
        assertEquals(2000, TestDatabases.count(dir.resolve("x.db"), "SELECT count(*) FROM notes"));

        Files.writeString(dir.resolve("plain.txt"), "made by age -p");
        Tools.sh(dir, "script -qec 'age -p -o p.age plain.txt' /dev/null", "pw-123\npw-123\n");
        byte[] out = Age.decrypt(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("p.age"))),
                List.of(AgeKeys.passphraseReader("pw-123".toCharArray()))).readAllBytes();
        assertEquals("made by age -p", new String(out));
    }

    @Test
    void publicKeysAndAPassphraseTogetherAreRefused() throws Exception {
        String recipient = AgeKeys.writeIdentityFile(dir.resolve("id.txt"));
        LifeboatException e = assertThrows(LifeboatException.class, () -> set("app", null, List.of(recipient), "PASS"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(service.database("app").encryptTo().isEmpty(), "nothing was saved");
    }

    @Test
    void fileThatAgeEncryptedToOurRecipientIsAccepted() throws Exception {
        Tools.require("age");
        String recipient = AgeKeys.writeIdentityFile(dir.resolve("id.txt"));
        Files.writeString(dir.resolve("plain.txt"), "hello from age");
        Tools.sh(dir, "age -r " + recipient + " -o x.age plain.txt");
        byte[] out = Age.decrypt(Files.newInputStream(dir.resolve("x.age")),
                AgeKeys.readIdentityFile(dir.resolve("id.txt"), () -> null)).readAllBytes();
        assertEquals("hello from age", new String(out));
    }

    @Test
    void tamperedEncryptedBackupFailsVerification() throws Exception {
        String recipient = AgeKeys.writeIdentityFile(dir.resolve("id.txt"));
        set("app", null, List.of(recipient), null);
        BackupRecord r = backup("app");
        Path f = stored("app", r);
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(f, bytes);
        VerifyOutcome v = service.verify("app", VerifyRequest.one(r.id()), new Secrets(null, null, List.of(dir.resolve("id.txt")), null),
                ProgressListener.NONE, Cancellation.none()).get(0);
        assertFalse(v.result().ok());
        assertEquals(BackupStatus.FAILED, v.backup().status());
    }

    @Test
    void sqlcipherDatabaseIsBackedUpVerifiedAndRestoredWithoutPlaintextOnDisk() throws Exception {
        Tools.require("sqlcipher");
        Path enc = dir.resolve("secret.db");
        Tools.sh(dir, "sqlcipher secret.db", "PRAGMA key='k3y with spaces';\nCREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);\n"
                + "INSERT INTO t(v) VALUES ('PLAINTEXT-MARKER-7f3a'), ('second');\n");
        env.put("SECRET_KEY", "k3y with spaces");
        service.add(enc, new DatabaseOptions("secret", null, null, null, null, null, null, null, null, null, null, null,
                false, null, null, "SECRET_KEY", null));
        service.setStorage("secret", Storage.FULL);
        assertEquals("sqlcipher", service.database("secret").sourceCipher().cipher());
        assertEquals(3, service.database("secret").sourceCipher().legacy());
        assertEquals(Compression.NONE, service.database("secret").effectiveCompression());
        BackupRecord r = backup("secret");
        assertTrue(service.verify("secret", VerifyRequest.one(r.id()), Secrets.none(), ProgressListener.NONE,
                Cancellation.none()).get(0).result().deep());
        Tools.sh(dir, "sqlcipher secret.db", "PRAGMA key='k3y with spaces';\nDELETE FROM t;\n");
        service.restore("secret", new RestoreRequest(r.id(), null), Secrets.none(), ProgressListener.NONE, Cancellation.none());
        assertEquals("1|PLAINTEXT-MARKER-7f3a\n2|second\n",
                Tools.sh(dir, "sqlcipher secret.db", "PRAGMA key='k3y with spaces';\nSELECT * FROM t;\n"));
        assertNoFileContains(dir, "PLAINTEXT-MARKER-7f3a");
    }

    @Test
    void wrongDatabaseKeyIsRefusedAtAdd() throws Exception {
        Path enc = dir.resolve("secret.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + enc + "?cipher=sqlcipher&legacy=4&key=right");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x)");
        }
        env.put("K", "wrong");
        LifeboatException e = assertThrows(LifeboatException.class, () -> service.add(enc, new DatabaseOptions("s", null,
                null, null, null, null, null, null, null, null, null, null, false, null, null, "K", null)));
        assertEquals(ErrorCode.WRONG_KEY, e.code());
        assertTrue(service.databases().stream().noneMatch(d -> d.name().equals("s")));
    }

    @Test
    void compressingCiphertextGainsNothing() throws Exception {
        Path enc = dir.resolve("c.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + enc + "?cipher=chacha20&key=k");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
                    + "INSERT INTO t SELECT 'the same compressible text ' || i FROM n");
        }
        env.put("K", "k");
        service.add(enc, new DatabaseOptions("c", null, null, null, null, null, null, "zstd", null, null, null, null,
                false, null, null, "K", null));
        BackupRecord encrypted = backup("c");
        BackupRecord plain = backup("app");
        double encryptedRatio = (double) encrypted.originalSizeBytes() / encrypted.storedSizeBytes();
        double plainRatio = (double) plain.originalSizeBytes() / plain.storedSizeBytes();
        assertTrue(encryptedRatio < 1.02, "ciphertext ratio " + encryptedRatio);
        assertTrue(plainRatio > 1.5, "plaintext ratio " + plainRatio);
    }

    @Test
    void keyChangeIsReportedAndRekeyReplacesOldBackupsAfterVerifyingTheFreshOne() throws Exception {
        Path enc = dir.resolve("k.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + enc + "?cipher=sqlcipher&legacy=4&key=old");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        env.put("K", "old");
        service.add(enc, new DatabaseOptions("k", null, null, null, null, null, null, null, null, null, null, null,
                false, null, null, "K", null));
        service.setStorage("k", Storage.FULL);
        BackupRecord old = backup("k");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + enc + "?cipher=sqlcipher&legacy=4&key=old");
                Statement s = c.createStatement()) {
            s.execute("PRAGMA rekey = 'new'");
        }
        env.put("K", "new");
        assertTrue(service.health("k").warnings().stream()
                .anyMatch(w -> w.code() == Warning.Code.BACKUPS_UNDER_OLD_KEY));
        RekeyResult result = service.rekeyBackups("k", Secrets.none(), ProgressListener.NONE, Cancellation.none());
        assertEquals(List.of(old.id()), result.deleted().stream().map(BackupRecord::id).toList());
        assertEquals(List.of(result.fresh().id()), service.list("k").records().stream().map(BackupRecord::id).toList());
        assertTrue(service.health("k").warnings().stream()
                .noneMatch(w -> w.code() == Warning.Code.BACKUPS_UNDER_OLD_KEY));
    }

    private static void assertNoFileContains(Path root, String marker) throws Exception {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(f);
                for (int i = 0; i + needle.length <= b.length; i++) {
                    if (b[i] == needle[0] && Arrays.equals(b, i, i + needle.length, needle, 0, needle.length)) {
                        throw new AssertionError("plaintext marker found in " + f);
                    }
                }
            }
        }
    }
}
