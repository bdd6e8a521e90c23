package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.config.Storage;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.create.CreateResult;
import app.lifeboat.core.restore.RestoreRequest;
import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental storage of encrypted backups: age-encrypted stores back up with the public key
 * alone and need the identity to verify deeply and restore; an SQLCipher source is stored as its
 * ciphertext pages, which still dedupe, and no plaintext of it is written anywhere.
 */
class IncrementalEncryptedTest {
    private static final String MARKER = "plaintext-marker-7f3a";

    @TempDir
    Path dir;

    /** Every file under {@code roots} that holds {@code marker} in its bytes. */
    static List<Path> filesContaining(String marker, Path... roots) throws Exception {
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        List<Path> hits = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    if (indexOf(Files.readAllBytes(p), m) >= 0) {
                        hits.add(p);
                    }
                }
            }
        }
        return hits;
    }

    private static int indexOf(byte[] data, byte[] m) {
        outer:
        for (int i = 0; i + m.length <= data.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (data[i + j] != m[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void anAgeEncryptedStoreBacksUpWithThePublicKeyAndRestoresWithTheIdentity() throws Exception {
        CliRunner lifeboat = new CliRunner(dir.resolve("home"));
        Path dest = Files.createDirectories(dir.resolve("dest"));
        Path db = TestDatabases.create(dir.resolve("app.db"), 5000);
        IncrementalStorageTest.sql(db, "UPDATE notes SET body = '" + MARKER + " ' || id");
        Path identity = dir.resolve("id.txt");
        String recipient = lifeboat.ok("keygen", identity.toString()).out().lines()
                .filter(l -> l.contains("age1")).findFirst().orElseThrow().replaceAll(".*(age1[0-9a-z]+).*", "$1");
        lifeboat.ok("add", db.toString(), "--name", "app", "--dest", dest.toString(), "--storage", "incremental",
                "--encrypt-to", recipient);
        lifeboat.ok("backup", "app");
        IncrementalStorageTest.sql(db, "UPDATE notes SET body = 'second' WHERE id = 7");
        lifeboat.ok("backup", "app", "--force");

        String shallow = lifeboat.ok("verify", "app", "--all").out();
        assertTrue(shallow.contains("needs the identity"), shallow);
        String deep = lifeboat.ok("verify", "app", "--all", "--identity", identity.toString()).out();
        assertEquals(2, deep.lines().filter(l -> l.contains("all checks passed")).count(), deep);
        Path out = dir.resolve("out.db");
        lifeboat.run("restore", "app", "--latest", "--to", out.toString(), "--yes").failsWith(1, "identity");
        lifeboat.ok("restore", "app", "--latest", "--to", out.toString(), "--yes", "--identity", identity.toString());
        assertEquals(1, TestDatabases.count(out, "SELECT count(*) FROM notes WHERE body = 'second'"));
        assertEquals(List.of(), filesContaining(MARKER, dest, dir.resolve("home")));
    }

    @Test
    void anSqlCipherSourceIsStoredAsCiphertextPagesThatStillDedupe() throws Exception {
        Path enc = dir.resolve("secret.db");
        String url = "jdbc:sqlite:file:" + enc + "?cipher=sqlcipher&legacy=4&key=k3y";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t(v) VALUES (?)")) {
                for (int i = 0; i < 20_000; i++) {
                    p.setString(1, MARKER + " row " + i);
                    p.executeUpdate();
                }
            }
            c.commit();
        }
        Path dest = Files.createDirectories(dir.resolve("dest"));
        Path home = dir.resolve("home");
        try (BackupService service = new BackupService(new LifeboatHome(home), Clock.systemUTC(), Map.of("SECRET_KEY", "k3y"))) {
            service.add(enc, new DatabaseOptions("secret", dest.toString(), null, null, null, null, null, null, null, null,
                    null, null, false, null, null, "SECRET_KEY", null));
            service.setStorage("secret", Storage.INCREMENTAL);
            BackupRecord first = created(service);
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("UPDATE t SET v = 'changed' WHERE id = 5");
            }
            BackupRecord second = created(service);
            assertTrue(first.isIncremental() && second.isIncremental());
            assertTrue(second.storedSizeBytes() * 20 < first.storedSizeBytes(),
                    "unchanged ciphertext pages must dedupe: " + first.storedSizeBytes() + " then " + second.storedSizeBytes());
            Path out = dir.resolve("restored.db");
            service.restore("secret", new RestoreRequest(second.id(), out), Secrets.none(), ProgressListener.NONE,
                    Cancellation.none());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + out + "?cipher=sqlcipher&legacy=4&key=k3y");
                    Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT v FROM t WHERE id = 5")) {
                assertTrue(r.next());
                assertEquals("changed", r.getString(1));
            }
            assertFalse(Files.readString(out, StandardCharsets.ISO_8859_1).contains(MARKER));
        }
        assertEquals(List.of(), filesContaining(MARKER, dest, home));
    }

    private static BackupRecord created(BackupService service) {
        CreateResult r = service.create("secret", new CreateRequest(BackupType.MANUAL, true, List.of(), null), Secrets.none(),
                ProgressListener.NONE, Cancellation.none());
        return ((CreateResult.Created) r).backup();
    }
}
