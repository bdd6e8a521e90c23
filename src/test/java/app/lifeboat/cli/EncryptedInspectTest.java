package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.io.FileSafety;
import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.Tools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Looking inside backups of an SQLCipher database: an age-encrypted, zstd-compressed backup is
 * opened, queried, diffed and a table restored into the live (encrypted) database, and no file
 * under the home, the test folder or the system temp folder ever holds a plaintext row, not even
 * while the commands run (a watcher reads the private temp folder throughout).
 */
class EncryptedInspectTest {
    private static final String KEY = "k3y with 'quotes' & spaces";

    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path db;
    Path identity;
    final String marker = "PLAINTEXT-" + UUID.randomUUID();

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        db = dir.resolve("secret.db");
        exec("PRAGMA journal_mode = WAL",
                "CREATE TABLE owners(id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                "CREATE TABLE secrets(id INTEGER PRIMARY KEY AUTOINCREMENT, owner INTEGER REFERENCES owners(id), v TEXT)",
                "INSERT INTO owners VALUES (1, 'ada'), (2, 'grace')");
        try (Connection c = open(); PreparedStatement p = c.prepareStatement("INSERT INTO secrets(owner, v) VALUES (?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < 3000; i++) {
                p.setInt(1, 1 + i % 2);
                p.setString(2, marker + " row " + i);
                p.executeUpdate();
            }
            c.commit();
        }
        Path keyFile = dir.resolve("key.txt");
        FileSafety.createPrivateFile(keyFile);
        Files.writeString(keyFile, KEY);
        identity = dir.resolve("id.txt");
        String recipient = lifeboat.ok("keygen", identity.toString()).out().lines()
                .filter(l -> l.contains("age1")).findFirst().orElseThrow().replaceAll(".*(age1[0-9a-z]+).*", "$1");
        lifeboat.ok("add", db.toString(), "--name", "s", "--key-file", keyFile.toString(), "--compression", "zstd",
                "--encrypt-to", recipient);
        lifeboat.ok("backup", "s");
    }

    private Connection open() throws Exception {
        String enc = URLEncoder.encode(KEY, StandardCharsets.UTF_8).replace("+", "%20");
        return DriverManager.getConnection("jdbc:sqlite:file:" + db + "?cipher=sqlcipher&legacy=4&key=" + enc);
    }

    private void exec(String... sql) throws Exception {
        try (Connection c = open(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private List<String> rows(String sql) throws Exception {
        try (Connection c = open()) {
            return Content.rows(c, sql);
        }
    }

    @Test
    void theLeakScanFindsAMarkerAcrossItsReadPieces() throws IOException {
        byte[] needle = "marker-across".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[(3 << 20) + 100];
        System.arraycopy(needle, 0, file, (1 << 20) - 5, needle.length); // split between the first two pieces
        Files.write(dir.resolve("split.bin"), file);
        Files.write(dir.resolve("none.bin"), new byte[3 << 20]);
        assertTrue(fileContains(dir.resolve("split.bin"), needle));
        assertFalse(fileContains(dir.resolve("none.bin"), needle));
    }

    @Test
    void anAgeZstdBackupOfAnSqlCipherDatabaseIsQueriedDiffedAndRestoredWithoutPlaintextOnDisk() throws Exception {
        long started = System.currentTimeMillis() - 1000;
        String id = lifeboat.newestBackupId("s");
        JsonNode format = new ObjectMapper().readTree(lifeboat.ok("list", "s", "--json").out()).get(0);
        assertTrue(format.toString().contains("zstd") && format.toString().contains("age"), format.toString());
        try (Watcher w = new Watcher(dir.resolve("home/tmp"), marker)) {
            String tables = lifeboat.ok("tables", "s", id, "--identity", identity.toString()).out();
            assertTrue(tables.matches("(?s).*table\\s+secrets\\s+3000 rows.*"), tables);
            String q = lifeboat.ok("query", "s", id, "select v from secrets where id = 17", "--identity",
                    identity.toString()).out();
            assertTrue(q.contains(marker + " row 16"), q);
            exec("DELETE FROM secrets WHERE id > 2000", "UPDATE secrets SET v = 'broken' WHERE id <= 10");
            String diff = lifeboat.ok("diff", "s", id, "--identity", identity.toString()).out();
            assertTrue(diff.contains("secrets: 0 added, 1000 removed, 10 changed"), diff);
            String out = lifeboat.ok("restore-table", "s", id, "secrets", "--yes", "--identity", identity.toString()).out();
            assertTrue(out.contains("restored table secrets (3000 rows)"), out);
            String two = lifeboat.ok("diff", "s", id, new ObjectMapper().readTree(lifeboat.ok("list", "s", "--json").out())
                    .get(0).get("id").asText(), "--identity", identity.toString()).out();
            assertTrue(two.contains("secrets: 0 added, 1000 removed, 10 changed"), "to the pre-restore backup: " + two);
            assertEquals(List.of(), w.hits(), "plaintext seen in the private temp folder while the commands ran");
        }
        assertEquals(List.of(marker + " row 16"), rows("SELECT v FROM secrets WHERE id = 17"));
        assertEquals(List.of("3000"), rows("SELECT count(*) FROM secrets"));
        assertEquals(List.of("ok"), rows("PRAGMA integrity_check"));
        assertEquals(List.of(), rows("PRAGMA foreign_key_check"));
        assertEquals(List.of(), filesContaining(dir, marker, 0));
        assertEquals(List.of(), filesContaining(Path.of(System.getProperty("java.io.tmpdir")), marker, started));
        assertTrue(lifeboat.ok("verify", "s", id, "--identity", identity.toString()).out().contains(id + ": ok"));
    }

    @Test
    void theScanFindsPlaintextWhereThereIsSome() throws Exception {
        Files.writeString(dir.resolve("leak.txt"), "x" + marker + "y");
        assertEquals(List.of(dir.resolve("leak.txt").toString()), filesContaining(dir, marker, 0));
    }

    @Test
    void withoutTheDatabaseKeyNothingIsRestored() throws Exception {
        Files.delete(dir.resolve("key.txt"));
        exec("DELETE FROM secrets");
        lifeboat.run("restore-table", "s", "latest", "secrets", "--yes", "--identity", identity.toString())
                .failsWith(1, "key");
        assertEquals(List.of("0"), rows("SELECT count(*) FROM secrets"));
    }

    @Test
    void aDatabaseMadeByTheSqlcipherToolGetsItsTableBack() throws Exception {
        Tools.require("sqlcipher");
        Path keyFile = dir.resolve("key3.txt");
        FileSafety.createPrivateFile(keyFile);
        Files.writeString(keyFile, "old k3y");
        Tools.sh(dir, "sqlcipher v3.db", "PRAGMA key='old k3y';\nCREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);\n"
                + "INSERT INTO t(v) VALUES ('" + marker + "'), ('second');\n");
        lifeboat.ok("add", dir.resolve("v3.db").toString(), "--name", "v3", "--key-file", keyFile.toString());
        lifeboat.ok("backup", "v3");
        Tools.sh(dir, "sqlcipher v3.db", "PRAGMA key='old k3y';\nDELETE FROM t WHERE id = 1;\n");
        lifeboat.ok("restore-table", "v3", "latest", "t", "--yes");
        assertEquals("1|" + marker + "\n2|second\nok\n", Tools.sh(dir, "sqlcipher v3.db",
                "PRAGMA key='old k3y';\nSELECT * FROM t;\nPRAGMA integrity_check;\n"));
        assertEquals(List.of(), filesContaining(dir, marker, 0));
    }

    /** Regular files under {@code root} changed since {@code sinceMillis} whose bytes hold {@code marker}. */
    static List<String> filesContaining(Path root, String marker, long sinceMillis) throws IOException {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).compareTo(FileTime.fromMillis(sinceMillis)) >= 0
                            && Files.size(p) < (512L << 20) && fileContains(p, needle)) {
                        out.add(p.toString());
                    }
                } catch (IOException e) {
                    // another program's file we may not read, or one removed while walking
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // a folder removed while walking
        }
        return out;
    }

    /**
     * Whether the file's first 512 MiB hold {@code needle}, read in 1 MiB pieces: another program's
     * file in the shared temp folder can grow after its size was checked (one passed 2 GB).
     */
    static boolean fileContains(Path file, byte[] needle) throws IOException {
        byte[] buf = new byte[(1 << 20) + needle.length];
        int keep = 0;
        long read = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while (read < (512L << 20) && (n = in.readNBytes(buf, keep, buf.length - keep)) > 0) {
                read += n;
                int len = keep + n;
                if (contains(buf, len, needle)) {
                    return true;
                }
                keep = Math.min(needle.length - 1, len);
                System.arraycopy(buf, len - keep, buf, 0, keep);
            }
        }
        return false;
    }

    static boolean contains(byte[] hay, byte[] needle) {
        return contains(hay, hay.length, needle);
    }

    static boolean contains(byte[] hay, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Reads every file in a folder over and over on a thread, noting any that holds the marker. */
    static final class Watcher implements AutoCloseable {
        private final Set<String> hits = ConcurrentHashMap.newKeySet();
        private final Thread thread;
        private volatile boolean stop;

        Watcher(Path folder, String marker) {
            thread = new Thread(() -> {
                while (!stop) {
                    if (Files.isDirectory(folder)) {
                        try {
                            hits.addAll(filesContaining(folder, marker, 0));
                        } catch (IOException e) {
                            // the folder changed while walking: try again
                        }
                    }
                    Thread.onSpinWait();
                }
            }, "plaintext-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        List<String> hits() {
            return List.copyOf(hits);
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
        }
    }
}
