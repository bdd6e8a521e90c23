package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.io.DatabaseLock;
import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.LifeboatProcess;
import app.lifeboat.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error contract seen from outside, through {@code java -jar lifeboat.jar}: what reaches the
 * real stderr (JVM and library noise included) is one {@code error:} line.
 */
class CliProcessIT {
    @TempDir
    Path dir;

    @Test
    void missingDatabaseFileGivesOneErrorLineOnTheRealStderr() throws Exception {
        LifeboatProcess lifeboat = new LifeboatProcess(dir.resolve("home"), dir.resolve("logs"));
        Path missing = dir.resolve("no-such.db");

        LifeboatProcess.Result r = lifeboat.run("add", missing.toString());

        assertEquals(1, r.exit());
        CliRunner.assertOneErrorLine(r.err());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertEquals("", r.out());
        assertTrue(Files.notExists(missing), "a missing path is never created");
        assertEquals(Map.of(), CliRunner.tree(dir.resolve("home")));
    }

    @Test
    void backupWhileAnotherProcessHoldsTheDatabaseLockIsRefusedAndWritesNothing() throws Exception {
        LifeboatProcess lifeboat = new LifeboatProcess(dir.resolve("home"), dir.resolve("logs"));
        new CliRunner(dir.resolve("home")).ok("add", TestDatabases.create(dir.resolve("app.db"), 100).toString(),
                "--name", "app");
        Map<String, String> before = CliRunner.tree(dir.resolve("home"));
        LifeboatProcess.Result r;
        try (DatabaseLock held = DatabaseLock.acquire(dir.resolve("home/locks"), "app")) {
            r = lifeboat.run("backup", "app");
        }
        assertEquals(1, r.exit());
        CliRunner.assertOneErrorLine(r.err());
        assertTrue(r.err().contains("is running on 'app'"), r.err());
        assertEquals(before, CliRunner.tree(dir.resolve("home")));
    }

    @Test
    void restoreWithoutYesIsRefusedWhenStdinIsNotATerminal() throws Exception {
        LifeboatProcess lifeboat = new LifeboatProcess(dir.resolve("home"), dir.resolve("logs"));
        Path db = TestDatabases.create(dir.resolve("app.db"), 1_000);
        lifeboat.ok("add", db.toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        String content = Content.digest(db);
        Map<String, String> before = CliRunner.tree(dir.resolve("home"));

        LifeboatProcess.Result r = lifeboat.run("restore", "app");

        assertEquals(2, r.exit());
        CliRunner.assertOneErrorLine(r.err());
        assertTrue(r.err().contains("--yes"), r.err());
        assertEquals(content, Content.digest(db));
        assertEquals(before, CliRunner.tree(dir.resolve("home")));
    }
}
