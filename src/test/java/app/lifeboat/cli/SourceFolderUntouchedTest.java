package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.CounterWriter;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.testing.WriterProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A backup tool leaves no trace beside the user's database: after add, backup, verify and status
 * of a database nobody else has open, its folder holds exactly the names it held before (no
 * {@code -wal}, {@code -shm} or {@code -journal}). When another process has the database open,
 * its {@code -wal} and {@code -shm} are that process's and stay.
 */
class SourceFolderUntouchedTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wal", "delete"})
    void addBackupVerifyAndStatusLeaveTheSourceFolderAsTheyFoundIt(String journalMode) throws Exception {
        Path db = TestDatabases.create(Files.createDirectories(dir.resolve("data")).resolve("app.db"), 500);
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.executeQuery("PRAGMA journal_mode = " + journalMode).close();
        }
        List<String> before = names(db.getParent());
        assertEquals(List.of("app.db"), before, "the test starts from a closed database alone in its folder");
        CliRunner lifeboat = new CliRunner(dir.resolve("home"));

        for (List<String> command : List.of(List.of("add", db.toString(), "--name", "app"), List.of("backup", "app"),
                List.of("verify", "app"), List.of("status"), List.of("backup", "app", "--force"),
                List.of("restore", "app", "--yes"))) {
            lifeboat.ok(command.toArray(String[]::new));
            assertEquals(before, names(db.getParent()), "after lifeboat " + String.join(" ", command));
        }
        assertEquals(journalMode, Content.journalMode(db), "the database keeps its journal mode");
    }

    @Test
    void anotherProcesssWalAndShmStayWhileItHasTheDatabaseOpen() throws Exception {
        Path db = Files.createDirectories(dir.resolve("data")).resolve("app.db");
        try (Connection c = Content.openAsApp(db)) {
            CounterWriter.createSchema(c, 100);
        }
        CliRunner lifeboat = new CliRunner(dir.resolve("home"));
        try (WriterProcess writer = WriterProcess.start(db, true, dir.resolve("writer.err"))) {
            writer.awaitCommitted(150, Duration.ofSeconds(60));
            assertEquals(List.of("app.db", "app.db-shm", "app.db-wal"), names(db.getParent()));

            lifeboat.ok("add", db.toString(), "--name", "app");
            lifeboat.ok("backup", "app");
            lifeboat.ok("verify", "app");
            lifeboat.ok("status");

            assertEquals(List.of("app.db", "app.db-shm", "app.db-wal"), names(db.getParent()));
            long seen = writer.committed();
            writer.awaitCommitted(seen + 50, Duration.ofSeconds(60));
            writer.stop();
        }
        assertEquals(1, Content.longValue(db, CounterWriter.CONSISTENT), "the writer's data is whole");
        assertTrue(Content.longValue(db, "SELECT n FROM counter") >= 200);
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
