package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.testing.Tools;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-click restore after the live WAL database changed its page size (which SQLite's backup API
 * cannot write over): Lifeboat swaps the file itself when nobody else has it open, and otherwise
 * names the program to close, changing nothing.
 */
class RestorePageSizeChangeTest {
    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path db;
    String restoredState;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        db = TestDatabases.create(dir.resolve("app.db"), 2_000);
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.executeQuery("PRAGMA journal_mode = WAL").close();
        }
        lifeboat.ok("add", db.toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        restoredState = Content.digest(db);
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.executeQuery("PRAGMA journal_mode = DELETE").close();
            s.execute("PRAGMA page_size = 8192");
            s.execute("VACUUM");
            s.executeQuery("PRAGMA journal_mode = WAL").close();
            s.execute("INSERT INTO users(name) VALUES ('after the page size change')");
        }
        assertEquals(8192L, Content.longValue(db, "PRAGMA page_size"));
    }

    @Test
    void restoreSwapsTheFileWhenNobodyElseHasItOpen() throws Exception {
        lifeboat.ok("restore", "app", "--latest", "--yes");
        assertEquals(restoredState, Content.digest(db));
        assertEquals(4096L, Content.longValue(db, "PRAGMA page_size"));
        assertEquals("wal", Content.journalMode(db), "the restore keeps the journal mode");
        assertEquals(List.of("ok"), Content.integrityCheck(db));
        assertTrue(lifeboat.ok("list", "app").out().contains("pre-restore"), "what was replaced is kept");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("app.db"), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("app.db")
                    || n.startsWith(".lifeboat")).sorted().toList(), "no -wal, -shm or temporary left beside it");
        }
    }

    @Test
    void restoreNamesTheProgramThatHasItOpenAndChangesNothing() throws Exception {
        Tools.require("sqlite3");
        String before = Content.digest(db);
        Process shell = new ProcessBuilder("sqlite3", db.toString()).redirectErrorStream(true).start();
        try (OutputStream in = shell.getOutputStream()) {
            in.write("SELECT count(*) FROM users;\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            shell.getInputStream().read(); // the shell answered: it has the database open
            CliRunner.Outcome o = lifeboat.run("restore", "app", "--latest", "--yes").failsWith(1, "sqlite3");
            assertTrue(o.err().contains("close sqlite3"), o.err());
            assertEquals(before, Content.digest(db), "the database is unchanged");
        } finally {
            shell.destroy();
            shell.waitFor();
        }
    }
}
