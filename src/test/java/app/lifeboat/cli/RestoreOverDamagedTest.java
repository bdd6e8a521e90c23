package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole restore over a file that SQLite cannot vouch for: the file is replaced by rename after
 * a byte copy of it is set aside, and a database that opens but is damaged is also kept as a
 * (source-corrupt) pre-restore backup. Whether it is damaged is learnt from that backup's own
 * quick check, not from a second pass over the file before it.
 */
class RestoreOverDamagedTest {
    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path db;
    /** The one good backup, taken before the file is damaged. */
    String id;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        db = TestDatabases.create(dir.resolve("app.db"), 300);
        lifeboat.ok("add", db.toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        id = lifeboat.newestBackupId("app");
    }

    @Test
    void fileThatIsNotADatabaseIsSetAsideAndReplaced() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(db, garbage);

        String out = lifeboat.ok("restore", "app", "--yes").out();

        assertTrue(out.contains("the previous file was not a readable database; a copy of its bytes was kept at"), out);
        assertTrue(!out.contains("pre-restore"), "nothing readable to back up: " + out);
        assertEquals(List.of("ok"), Content.integrityCheck(db));
        assertEquals(300, TestDatabases.count(db, "SELECT count(*) FROM notes"));
        assertArrayEquals(garbage, Files.readAllBytes(setAside(db)));
    }

    @Test
    void damagedDatabaseIsKeptAsSourceCorruptPreRestoreBackupAndSetAside() throws Exception {
        byte[] damaged = damage(db);

        String out = lifeboat.ok("restore", "app", "--yes").out();

        assertTrue(out.contains("(pre-restore)"), out);
        assertTrue(out.contains("the previous file was damaged; a copy of its bytes was kept at"), out);
        assertEquals(List.of("ok"), Content.integrityCheck(db));
        assertEquals(300, TestDatabases.count(db, "SELECT count(*) FROM notes"));
        assertArrayEquals(damaged, Files.readAllBytes(setAside(db)));
        JsonNode preRestore = null;
        for (JsonNode b : new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out())) {
            if (b.get("type").asText().equals("pre-restore")) {
                preRestore = b;
            }
        }
        assertTrue(preRestore != null, "the damaged database is kept as a backup too");
        assertEquals("source-corrupt", preRestore.get("status").asText());
    }

    @Test
    void noTableIsPutIntoADamagedDatabaseWhichIsKeptAsBackup() throws Exception {
        byte[] damaged = damage(db);

        lifeboat.run("restore-table", "app", id, "notes", "--yes").failsWith(1, "is damaged (it fails SQLite's quick_check");

        assertArrayEquals(damaged, Files.readAllBytes(db), "nothing was written into it");
        JsonNode list = new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out());
        assertEquals(2, list.size());
        assertEquals("source-corrupt", list.get(0).get("status").asText());
    }

    @Test
    void noTableIsPutIntoAFileThatIsNotADatabase() throws Exception {
        Files.write(db, new byte[8192]);

        lifeboat.run("restore-table", "app", id, "notes", "--yes").failsWith(1, "not a readable database");

        assertArrayEquals(new byte[8192], Files.readAllBytes(db));
    }

    /** Claims five free pages in the header while the freelist is empty: SQLite opens it, quick_check fails. */
    private static byte[] damage(Path db) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(36);
            f.writeInt(5);
        }
        assertTrue(Content.integrityCheck(db).get(0).contains("freelist"), "the premise: SQLite sees the damage");
        return Files.readAllBytes(db);
    }

    private static Path setAside(Path db) throws Exception {
        try (Stream<Path> s = Files.list(db.getParent())) {
            List<Path> copies = s.filter(p -> p.getFileName().toString().startsWith(db.getFileName() + ".lifeboat-replaced-"))
                    .toList();
            assertEquals(1, copies.size(), "one copy set aside: " + copies);
            return copies.get(0);
        }
    }
}
