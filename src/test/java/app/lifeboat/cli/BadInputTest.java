package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.io.DatabaseLock;
import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input at the command line: each case exits with its code, prints one {@code error: ... — ...}
 * line and no stack trace, and leaves nothing behind in the home or the destination.
 */
class BadInputTest {
    @TempDir
    Path dir;

    Path home;
    CliRunner lifeboat;

    @BeforeEach
    void setUp() {
        home = dir.resolve("home");
        lifeboat = new CliRunner(home);
    }

    private Path realDatabase() throws Exception {
        return TestDatabases.create(dir.resolve("app.db"), 2_000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"missing", "directory", "text", "empty", "truncated"})
    void addRefusesWhatIsNotAReadableDatabaseAndRegistersNothing(String kind) throws Exception {
        Path input = dir.resolve("input-" + kind + ".db");
        String expected = switch (kind) {
            case "missing" -> "does not exist";
            case "directory" -> {
                Files.createDirectory(input);
                yield "is a folder";
            }
            case "text" -> {
                Files.writeString(input, "id,name\n1,ada\n2,grace\n");
                yield "is not a SQLite database";
            }
            case "empty" -> {
                Files.createFile(input);
                yield "is empty";
            }
            default -> {
                byte[] whole = Files.readAllBytes(realDatabase());
                Files.write(input, Arrays.copyOf(whole, whole.length / 2));
                yield "is damaged";
            }
        };
        byte[] before = Files.isRegularFile(input) ? Files.readAllBytes(input) : null;

        lifeboat.run("add", input.toString(), "--name", "app").failsWith(1, expected);

        assertEquals(Map.of(), CliRunner.tree(home), "nothing is created in the home");
        if (before == null) {
            assertEquals(kind.equals("directory"), Files.exists(input), "a missing path is never created");
        } else {
            assertArrayEquals(before, Files.readAllBytes(input), "the input is not modified");
        }
    }

    @Test
    void backupOfDatabaseTruncatedAfterItWasAddedFailsAndLeavesNoBackup() throws Exception {
        Path db = realDatabase();
        lifeboat.ok("add", db.toString(), "--name", "app");
        Map<String, String> before = CliRunner.tree(home);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        lifeboat.run("backup", "app").failsWith(1, "damaged");
        assertEquals(before, CliRunner.tree(home));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a/b", "..", "../evil", "x/../y", "/abs", "a\\b", ".hidden"})
    void addRefusesNameThatIsNotSafeAsFolderName(String name) throws Exception {
        Path db = realDatabase();
        lifeboat.run("add", db.toString(), "--name", name).failsWith(2, "is not a valid name");
        assertEquals(Map.of(), CliRunner.tree(home));
        assertFalse(Files.exists(dir.resolve("evil")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"backup nosuch", "list nosuch", "verify nosuch --all", "restore nosuch --yes",
        "prune nosuch", "stats nosuch", "pin nosuch 20260101T000000Z-0000", "backup ../app"})
    void commandsOnUnknownDatabaseNameSayWhichNamesExist(String command) throws Exception {
        lifeboat.ok("add", realDatabase().toString(), "--name", "app");
        Map<String, String> before = CliRunner.tree(home);
        lifeboat.run(command.split(" ")).failsWith(1, "no database named");
        assertEquals(before, CliRunner.tree(home));
    }

    @Test
    void backupWhileAnotherLifeboatOperationHoldsTheDatabaseIsRefusedAndWritesNothing() throws Exception {
        lifeboat.ok("add", realDatabase().toString(), "--name", "app");
        Map<String, String> before = CliRunner.tree(home);
        try (DatabaseLock held = DatabaseLock.acquire(home.resolve("locks"), "app", "scheduled backup")) {
            // Another process (the window, the OS timer) sees what is running, not just "busy".
            try (BackupService window = new BackupService(new LifeboatHome(home))) {
                assertTrue(window.running("app").orElseThrow().startsWith("scheduled backup (pid "));
            }
            lifeboat.run("backup", "app").failsWith(1, "scheduled backup (pid ");
            lifeboat.run("backup", "app").failsWith(1, "is running on 'app'");
            lifeboat.run("restore", "app", "--yes").failsWith(1, "is running on 'app'");
        }
        assertEquals(before, CliRunner.tree(home));
        lifeboat.ok("backup", "app");
    }

    @Test
    void restoreToAnExistingPathIsRefusedAndLeavesItUntouched() throws Exception {
        lifeboat.ok("add", realDatabase().toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        Path existing = Files.writeString(dir.resolve("existing.db"), "keep me");
        Map<String, String> before = CliRunner.tree(home);

        lifeboat.run("restore", "app", "--to", existing.toString(), "--yes").failsWith(1, "already exists");

        assertEquals("keep me", Files.readString(existing));
        assertEquals(before, CliRunner.tree(home), "refused before verifying: not even a sidecar changed");
    }

    @Test
    void restoreWithoutYesIsRefusedWhenStdinIsNotATerminal() throws Exception {
        Path db = realDatabase();
        lifeboat.ok("add", db.toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM notes WHERE id > 10");
        }
        String content = Content.digest(db);
        Map<String, String> before = CliRunner.tree(home);

        lifeboat.run("restore", "app").failsWith(2, "--yes");

        assertEquals(content, Content.digest(db));
        assertEquals(before, CliRunner.tree(home), "no pre-restore backup, no verification recorded");
    }

    @Test
    void malformedSidecarIsReportedByListAndStatusWithoutHidingTheGoodBackups() throws Exception {
        lifeboat.ok("add", realDatabase().toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        Path folder = home.resolve("backups/app");
        Files.writeString(folder.resolve("20260101T000000Z-dead.json"), "{\"id\": \"20260101T000000Z-dead\", garbage");

        CliRunner.Outcome list = lifeboat.ok("list", "app");
        assertTrue(list.err().startsWith("warning: ") && list.err().contains("20260101T000000Z-dead.json"), list.err());
        assertTrue(list.out().contains("manual"), "the good backup is still listed: " + list.out());

        JsonNode json = new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out());
        assertEquals(1, json.size(), "stdout stays valid JSON with the readable backups");

        CliRunner.Outcome status = lifeboat.run("status");
        assertEquals(1, status.exit(), "status exits 1 when something needs attention");
        assertTrue(status.out().contains("cannot be read") && status.out().contains("20260101T000000Z-dead.json"),
                status.out());

        // Issue 11: a backup that cannot be read is a failed verification, not one quietly left out.
        CliRunner.Outcome verify = lifeboat.run("verify", "app", "--all").failsWith(1, "failed verification");
        assertTrue(verify.out().contains("20260101T000000Z-dead: FAILED"), verify.out());
    }
}
