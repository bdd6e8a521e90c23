package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.io.FileSafety;
import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.Kills;
import app.lifeboat.testing.LifeboatProcess;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGKILLs {@code restore-table} of a sizeable table (30,000 rows, about 2.5 MB, with a trigger, a
 * child table whose foreign keys point at it and an AUTOINCREMENT table beside it) at random moments: while
 * it verifies, while it saves the pre-restore backup, and while its transaction swaps the rows.
 * Every time, the database its application opens next holds the old content or the restored
 * content, never a mix, and passes {@code integrity_check} and {@code foreign_key_check}. The seed
 * is printed in failures ({@code -Dlifeboat.kill.seed} replays one).
 */
class RestoreTableKillIT {
    private static final int KILLS = Integer.getInteger("lifeboat.kills", 3);

    @TempDir
    Path dir;

    LifeboatProcess lifeboat;
    Path db;
    Path folder;
    Random random;
    long seed;

    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"WAL", "DELETE"})
    void restoreTableKilledAtAnyMomentLeavesTheOldOrTheNewContentIntact(String journalMode) throws Exception {
        seed = Long.getLong("lifeboat.kill.seed", System.nanoTime());
        random = new Random(seed);
        lifeboat = new LifeboatProcess(dir.resolve("home"), dir.resolve("logs"));
        db = TestDatabases.create(dir.resolve("app.db"), 30_000);
        folder = dir.resolve("home/backups/app");
        exec("PRAGMA journal_mode = " + journalMode,
                "CREATE TABLE comments(id INTEGER PRIMARY KEY, note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,"
                        + " text TEXT)",
                "INSERT INTO comments(note_id, text) SELECT id, 'on ' || id FROM notes WHERE id % 100 = 1",
                "CREATE TABLE audit(id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT)",
                "CREATE TRIGGER notes_gone AFTER DELETE ON notes BEGIN INSERT INTO audit(what) VALUES ('gone ' || old.id); END");
        new CliRunner(dir.resolve("home")).ok("add", db.toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        String id = new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out()).get(0).get("id").asText();
        exec("UPDATE notes SET body = body || ' (edited)' WHERE id % 3 = 0", "DELETE FROM notes WHERE id % 7 = 0 AND id % 100 <> 1",
                "INSERT INTO notes(user_id, body) VALUES (1, 'added after the backup')", "DELETE FROM audit");
        Path oldCopy = dir.resolve("old.db");
        Files.copy(db, oldCopy);
        String oldState = Content.digest(db);

        long startupMillis = Kills.millisOf(lifeboat, "--version");
        long fullMillis = Kills.millisOf(lifeboat, "restore-table", "app", id, "notes", "--yes");
        String newState = Content.digest(db);
        assertTrue(!newState.equals(oldState), "the restore changed something");
        assertIntact("after the uninterrupted run");
        int killed = 0;
        for (int i = 0; i < KILLS || killed == 0 && i < KILLS * 3; i++) {
            putBack(oldCopy);
            boolean wasKilled = i % 2 == 0
                    ? killAtRandom(startupMillis, fullMillis, "restore-table", "app", id, "notes", "--yes")
                    : Kills.killAfterNextSidecar(lifeboat, folder, fullMillis / 6, random, "restore-table", "app", id, "notes", "--yes");
            killed += wasKilled ? 1 : 0;
            String when = "after kill " + i + " (" + journalMode + "), seed " + seed;
            assertIntact(when);
            String state = Content.digest(db);
            assertTrue(state.equals(oldState) || state.equals(newState), when + ": neither the old nor the restored content");
        }
        assertTrue(killed >= 1, "runs should have been killed mid-way, seed " + seed);
        putBack(oldCopy);
        lifeboat.ok("restore-table", "app", id, "notes", "--yes");
        assertEquals(newState, Content.digest(db));
        assertEquals(List.of(), Kills.temporaries(folder), "the next run removes what killed runs left, seed " + seed);
    }

    private void exec(String... sql) throws Exception {
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private void assertIntact(String when) throws Exception {
        try (Connection c = Content.openAsApp(db)) {
            assertEquals(List.of("ok"), Content.rows(c, "PRAGMA integrity_check"), when);
            assertEquals(List.of(), Content.rows(c, "PRAGMA foreign_key_check"), when);
        }
    }

    /** Back to the old content for the next kill: the file as it was, with no journal or WAL beside it. */
    private void putBack(Path oldCopy) throws Exception {
        FileSafety.deleteWithSqliteSidecars(db);
        Files.copy(oldCopy, db, StandardCopyOption.REPLACE_EXISTING);
    }

    /** SIGKILL after a random delay between JVM start-up and 90% of a whole run; true when the command had started. */
    private boolean killAtRandom(long startupMillis, long fullMillis, String... args) throws Exception {
        long startedBefore = Kills.commandsStarted(dir.resolve("home"));
        long delay = startupMillis + (long) (random.nextDouble() * Math.max(1, fullMillis * 9 / 10 - startupMillis));
        LifeboatProcess.Run run = lifeboat.start(args);
        if (run.process.waitFor(delay, TimeUnit.MILLISECONDS)) {
            LifeboatProcess.Result r = run.finish(1);
            assertEquals(0, r.exit(), "an uninterrupted run failed: " + r.err());
            return false;
        }
        run.kill();
        return Kills.commandsStarted(dir.resolve("home")) > startedBefore;
    }
}
