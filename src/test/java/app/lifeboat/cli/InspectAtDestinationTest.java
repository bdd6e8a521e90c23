package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Looking inside the copies at another destination with {@code --at}: tables, query, diff and
 * restore-table read the copy there (even when the database's own backup is gone), and a fresh
 * home on another computer can look inside copies of a database it never registered.
 */
class InspectAtDestinationTest {
    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path db;
    Path usb;
    String id;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        usb = Files.createDirectories(dir.resolve("usb"));
        lifeboat.ok("destination", "add", "usb", usb.toString());
        db = TestDatabases.create(dir.resolve("app.db"), 400);
        lifeboat.ok("add", db.toString(), "--name", "app");
        lifeboat.ok("set", "app", "--copy-to", "usb");
        lifeboat.ok("backup", "app");
        id = lifeboat.newestBackupId("app");
        assertTrue(lifeboat.ok("verify", "app", id, "--at", "usb").out().contains(id + ": ok"));
        // Only the copy at usb is left, so every answer below must come from there.
        lifeboat.ok("delete", "app", id);
    }

    private void exec(String sql) throws Exception {
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void tablesQueryAndDiffReadTheCopyThere() throws Exception {
        lifeboat.run("tables", "app", id).failsWith(1, id);
        String tables = lifeboat.ok("tables", "app", id, "--at", "usb").out();
        assertTrue(tables.matches("(?s).*table\\s+notes\\s+400 rows.*"), tables);
        String q = lifeboat.ok("query", "app", id, "select count(*) as n from notes", "--at", "usb").out();
        assertTrue(q.contains("400"), q);
        exec("DELETE FROM notes WHERE id <= 10");
        String diff = lifeboat.ok("diff", "app", id, "--current", "--at", "usb").out();
        assertTrue(diff.contains("notes: 0 added, 10 removed, 0 changed"), diff);
        assertTrue(lifeboat.ok("diff", "app", id, id, "--at", "usb").out().contains("notes: no changes"));
        lifeboat.run("tables", "app", id, "--at", "nosuch").failsWith(1, "nosuch");
    }

    @Test
    void restoreTableTakesTheRowsFromTheCopyThere() throws Exception {
        exec("DELETE FROM notes WHERE id <= 10");
        String out = lifeboat.ok("restore-table", "app", id, "notes", "--at", "usb", "--yes").out();
        assertTrue(out.contains("restored table notes (400 rows) from " + id), out);
        try (Connection c = Content.openAsApp(db)) {
            assertEquals(List.of("400"), Content.rows(c, "SELECT count(*) FROM notes"));
        }
    }

    @Test
    void aFreshHomeLooksInsideCopiesOfADatabaseItNeverRegistered() throws Exception {
        CliRunner other = new CliRunner(dir.resolve("other-home"));
        other.ok("destination", "add", "usb", usb.toString());
        String q = other.ok("query", "app", id, "select name from users order by id", "--at", "usb").out();
        assertTrue(q.contains("ada") && q.contains("linus"), q);
        assertTrue(other.ok("tables", "app", "--at", "usb").out().contains("notes"));
    }
}
