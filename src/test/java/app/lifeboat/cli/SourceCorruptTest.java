package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that SQLite can read but whose quick_check fails: the backup is kept, marked
 * source-corrupt, reported as one error line, and never used or counted as a good backup.
 */
class SourceCorruptTest {
    @TempDir
    Path dir;

    /** Claims five free pages in the header while the freelist is empty: readable, but damaged. */
    private static void corruptFreelistCount(Path db, int value) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(36);
            f.writeInt(value);
        }
    }

    @Test
    void backupOfDatabaseFailingQuickCheckIsKeptAsSourceCorruptAndNeverUsedAsGood() throws Exception {
        CliRunner lifeboat = new CliRunner(dir.resolve("home"));
        Path db = TestDatabases.create(dir.resolve("app.db"), 500);
        lifeboat.ok("add", db.toString(), "--name", "app");
        corruptFreelistCount(db, 5);
        assertTrue(Content.integrityCheck(db).get(0).contains("freelist"), "the premise: SQLite sees the damage");

        lifeboat.run("backup", "app").failsWith(1, "marked source-corrupt");

        JsonNode list = new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out());
        assertEquals(1, list.size());
        assertEquals("source-corrupt", list.get(0).get("status").asText());
        String id = list.get(0).get("id").asText();
        lifeboat.run("restore", "app", "--yes").failsWith(1, "no good backup");
        lifeboat.run("restore", "app", id, "--yes").failsWith(1, "source-corrupt");
        CliRunner.Outcome status = lifeboat.run("status");
        assertEquals(1, status.exit());
        assertTrue(status.out().contains("no good backup yet"), status.out());

        corruptFreelistCount(db, 0); // repaired
        lifeboat.ok("backup", "app");
        lifeboat.ok("set", "app", "--max-count", "1");
        lifeboat.ok("prune", "app");
        JsonNode after = new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out());
        assertEquals(1, after.size(), "the superseded source-corrupt backup is pruned");
        assertEquals("ok", after.get(0).get("status").asText());
    }
}
