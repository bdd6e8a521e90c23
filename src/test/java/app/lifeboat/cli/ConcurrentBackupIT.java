package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.CounterWriter;
import app.lifeboat.testing.LifeboatProcess;
import app.lifeboat.testing.WriterProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI backs up a database while another OS process commits to it continuously: the backup
 * finishes, verifies, holds what was committed before it started (in WAL mode: rows that exist
 * only in the -wal file), and restores to a consistent committed state.
 */
class ConcurrentBackupIT {
    private static final int BASE_ROWS = 5_000;

    @TempDir
    Path dir;

    LifeboatProcess lifeboat;
    /** The same CLI in this JVM, for the steps that need no second process (faster). */
    CliRunner inProcess;
    Path db;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new LifeboatProcess(dir.resolve("home"), dir.resolve("logs"));
        inProcess = new CliRunner(dir.resolve("home"));
        db = dir.resolve("app.db");
    }

    private void createSource(boolean wal) throws Exception {
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.executeQuery("PRAGMA journal_mode = " + (wal ? "WAL" : "DELETE")).close();
            CounterWriter.createSchema(c, BASE_ROWS);
            if (wal) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        inProcess.ok("add", db.toString(), "--name", "app", "--compression", "none");
    }

    @Test
    void backupOfWalDatabaseUnderConstantWritesHoldsWalOnlyRowsAndRestoresConsistently() throws Exception {
        createSource(true);
        try (WriterProcess writer = WriterProcess.start(db, true, dir.resolve("logs/writer.err"))) {
            writer.awaitCommitted(BASE_ROWS + 1_000, Duration.ofSeconds(60));
            // The premise: the writer never checkpoints, so its rows are in the -wal file only.
            Path mainFileOnly = dir.resolve("main-file-only.db");
            Files.copy(db, mainFileOnly);
            assertEquals(BASE_ROWS, Content.longValue(mainFileOnly, "SELECT count(*) FROM log"));

            long committedBefore = backUpWhileWriting(writer);
            checkBackupAndRestore(committedBefore);
        }
    }

    @Test
    void backupOfRollbackJournalDatabaseUnderConstantWritesFinishesAndRestoresConsistently() throws Exception {
        createSource(false);
        try (WriterProcess writer = WriterProcess.start(db, false, dir.resolve("logs/writer.err"))) {
            writer.awaitCommitted(BASE_ROWS + 500, Duration.ofSeconds(60));
            long committedBefore = backUpWhileWriting(writer);
            checkBackupAndRestore(committedBefore);
        }
    }

    /**
     * The writer empties its WAL after every commit, so many backups find the WAL empty and copy
     * the database file directly while the writer goes on committing (see PinnedSource); every
     * backup, whichever way it was taken, must be one committed state, and some must have taken
     * the direct way for the test to mean anything.
     */
    @Test
    void backupsThatCopyTheFileDirectlyWhileAWriterCommitsAreEachACommittedState() throws Exception {
        createSource(true);
        inProcess.ok("set", "app", "--keep-last", "50"); // keep every backup, to check each
        int direct = 0;
        int taken = 0;
        try (WriterProcess writer = WriterProcess.start(db, "wal-truncate", dir.resolve("logs/writer.err"))) {
            writer.awaitCommitted(BASE_ROWS + 200, Duration.ofSeconds(60));
            while (taken < 20 && direct < 4) {
                long before = writer.committed();
                LifeboatProcess.Result r = lifeboat.run("backup", "app", "--force");
                assertEquals(0, r.exit(), "backup under writes: " + r.err());
                taken++;
                direct = countInLog("copied the pinned file");
                writer.awaitCommitted(before + 20, Duration.ofSeconds(30));
            }
            writer.stop();
        }
        assertTrue(direct >= 1, "no backup copied the file directly in " + taken + " tries");
        JsonNode list = new ObjectMapper().readTree(inProcess.ok("list", "app", "--json").out());
        assertEquals(taken, list.size());
        for (JsonNode backup : list) {
            Path stored = Path.of(backup.get("path").asText());
            assertEquals(List.of("ok"), Content.integrityCheck(stored));
            assertEquals(1, Content.longValue(stored, CounterWriter.CONSISTENT), "a committed state: " + stored);
            assertEquals(backup.get("tables").get("log").asLong(), Content.longValue(stored, "SELECT count(*) FROM log"));
        }
        inProcess.ok("verify", "app", "--all");
    }

    private int countInLog(String text) throws Exception {
        Path log = dir.resolve("home/logs/lifeboat.log");
        return Files.exists(log) ? (int) Files.readAllLines(log).stream().filter(l -> l.contains(text)).count() : 0;
    }

    @Test
    void restoreOverDatabaseAnotherProcessIsWritingLeavesItIntactAndConsistent() throws Exception {
        LifeboatProcess.Result r = restoreWhileWriting();
        if (r.exit() != 0) {
            CliRunner.assertOneErrorLine(r.err());
        }
    }

    /**
     * The contract: a restore under a writer goes through SQLite, so the writer continues from the
     * restored content (its counter goes back), or is refused as busy and can be tried again. A
     * refusal every time would prove nothing, so it is retried until one goes through.
     */
    @Test
    void restoreOverDatabaseAnotherProcessIsWritingIsSeenByThatProcess() throws Exception {
        createSource(true);
        inProcess.ok("backup", "app");
        // A writer with no pause at all starves any other writer (SQLite's busy handler is not
        // fair): the restore is then refused as busy, which restoreOverDatabase...IntactAndConsistent covers.
        try (WriterProcess writer = WriterProcess.start(db, "wal-paced", dir.resolve("logs/writer.err"))) {
            writer.awaitCommitted(BASE_ROWS + 1_000, Duration.ofSeconds(60));
            LifeboatProcess.Result r = null;
            for (int attempt = 0; attempt < 5 && (r == null || r.exit() != 0); attempt++) {
                r = lifeboat.run("restore", "app", "--latest", "--yes");
                if (r.exit() != 0) {
                    assertEquals(1, r.exit());
                    CliRunner.assertOneErrorLine(r.err());
                    assertTrue(r.err().contains("locked by another program"), r.err());
                }
            }
            assertEquals(0, r.exit(), "no restore went through in 5 tries under the writer: " + r.err());
            writer.awaitCommitted(writer.committed() + 100, Duration.ofSeconds(30));
            writer.stop();
            assertTrue(writer.wentBack(), "the writing process must see the restored content, not overwrite it");
        }
        assertEquals(List.of("ok"), Content.integrityCheck(db));
        assertEquals(1, Content.longValue(db, CounterWriter.CONSISTENT), "a committed state, never a mix");
    }

    /** Restores the latest backup while a writer commits; checks the result is intact and consistent. */
    private LifeboatProcess.Result restoreWhileWriting() throws Exception {
        createSource(true);
        inProcess.ok("backup", "app");
        LifeboatProcess.Result r;
        try (WriterProcess writer = WriterProcess.start(db, true, dir.resolve("logs/writer.err"))) {
            writer.awaitCommitted(BASE_ROWS + 1_000, Duration.ofSeconds(60));
            r = lifeboat.run("restore", "app", "--latest", "--yes");
            writer.awaitCommitted(writer.committed() + 100, Duration.ofSeconds(30));
            writer.stop();
        }
        assertEquals(List.of("ok"), Content.integrityCheck(db));
        assertEquals(1, Content.longValue(db, CounterWriter.CONSISTENT), "a committed state, never a mix");
        return r;
    }

    /** Runs {@code backup} while the writer commits; returns the count committed before it started. */
    private long backUpWhileWriting(WriterProcess writer) throws Exception {
        long before = writer.committed();
        LifeboatProcess.Result r = lifeboat.run("backup", "app");
        assertEquals(0, r.exit(), "backup under writes: " + r.err());
        writer.awaitCommitted(writer.committed() + 100, Duration.ofSeconds(30)); // the writer is still going
        assertTrue(writer.committed() > before, "the writer kept committing around the backup");
        writer.stop();
        return before;
    }

    private void checkBackupAndRestore(long committedBefore) throws Exception {
        JsonNode list = new ObjectMapper().readTree(inProcess.ok("list", "app", "--json").out());
        assertEquals(1, list.size());
        JsonNode backup = list.get(0);
        long rowsInBackup = backup.get("tables").get("log").asLong();
        assertTrue(rowsInBackup >= committedBefore,
                "rows committed before the backup started are in it: " + rowsInBackup + " < " + committedBefore);
        Path stored = Path.of(backup.get("path").asText());
        assertEquals(1, Content.longValue(stored, CounterWriter.CONSISTENT), "the backup holds a committed state");

        inProcess.ok("verify", "app", "--all");

        Path restored = dir.resolve("restored.db");
        inProcess.ok("restore", "app", "--to", restored.toString(), "--yes");
        assertEquals(List.of("ok"), Content.integrityCheck(restored));
        assertEquals(1, Content.longValue(restored, CounterWriter.CONSISTENT), "the restored file holds a committed state");
        assertEquals(rowsInBackup, Content.longValue(restored, "SELECT n FROM counter"));
    }
}
