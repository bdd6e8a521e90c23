package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restoring single tables into the live database: rows replaced in one transaction after a
 * pre-restore backup, triggers not fired, AUTOINCREMENT never handing out a used id again,
 * WITHOUT ROWID tables, and a refusal (nothing changed) when foreign keys or schemas would not hold.
 */
class RestoreTableTest {
    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path db;
    String id;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        db = TestDatabases.create(dir.resolve("app.db"), 1000);
        exec("CREATE TABLE audit(id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT)",
                "INSERT INTO audit(what) VALUES ('one'), ('two')",
                "CREATE TABLE deleted_notes(note_id INTEGER)",
                "CREATE TRIGGER notes_deleted AFTER DELETE ON notes BEGIN INSERT INTO deleted_notes VALUES (old.id); END");
        lifeboat.ok("add", db.toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        id = lifeboat.newestBackupId("app");
    }

    private void exec(String... sql) throws Exception {
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private List<String> rows(String sql) throws Exception {
        try (Connection c = Content.openAsApp(db)) {
            return Content.rows(c, sql);
        }
    }

    @Test
    void aTablesRowsComeBackAndNothingElseChanges() throws Exception {
        List<String> notes = rows("SELECT id, user_id, body FROM notes ORDER BY id");
        exec("DELETE FROM notes WHERE id > 100", "UPDATE notes SET body = 'broken'", "UPDATE users SET name = 'Ada' WHERE id = 1");
        List<String> deletedBefore = rows("SELECT count(*) FROM deleted_notes");
        String out = lifeboat.ok("restore-table", "app", id, "notes", "--yes").out();
        assertTrue(out.contains("restored table notes (1000 rows) from " + id), out);
        assertTrue(out.contains("(pre-restore)"), out);
        assertEquals(notes, rows("SELECT id, user_id, body FROM notes ORDER BY id"));
        assertEquals(List.of("Ada"), rows("SELECT name FROM users WHERE id = 1"), "other tables keep today's rows");
        assertEquals(deletedBefore, rows("SELECT count(*) FROM deleted_notes"), "the trigger did not fire on the swap");
        assertEquals(List.of("notes_deleted"), rows("SELECT name FROM sqlite_schema WHERE type = 'trigger'"));
        assertEquals(List.of("ok"), Content.integrityCheck(db));
        assertEquals(List.of(), rows("PRAGMA foreign_key_check"));
        assertEquals(2, new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out()).size());
    }

    @Test
    void severalTablesIncludingWithoutRowidAndAutoincrement() throws Exception {
        exec("INSERT INTO audit(what) VALUES ('3'), ('4'), ('5')", "DELETE FROM audit WHERE id > 2", "DELETE FROM kv");
        lifeboat.ok("restore-table", "app", "latest", "audit", "kv", "--yes");
        assertEquals(List.of("2"), rows("SELECT count(*) FROM kv"));
        exec("INSERT INTO audit(what) VALUES ('next')");
        assertEquals(List.of("6"), rows("SELECT max(id) FROM audit"), "ids 3 to 5 were used once and are not given again");
    }

    @Test
    void rowsElsewhereThatWouldPointAtNothingRefuseTheRestoreAndNothingChanges() throws Exception {
        exec("INSERT INTO users(id, name) VALUES (4, 'new')", "INSERT INTO notes(user_id, body) VALUES (4, 'by new')");
        CliRunner.Outcome o = lifeboat.run("restore-table", "app", id, "users", "--yes");
        assertEquals(1, o.exit(), o.err());
        assertTrue(o.err().contains("would reference rows the restored table lacks") && o.err().contains("nothing was changed"),
                o.err());
        assertEquals(List.of("4"), rows("SELECT count(*) FROM users"));
    }

    @Test
    void anotherDefinitionIsRefusedAndACopyBesideTheOriginalWorks() throws Exception {
        exec("ALTER TABLE users ADD COLUMN email TEXT", "UPDATE users SET name = 'changed'");
        CliRunner.Outcome o = lifeboat.run("restore-table", "app", id, "users", "--yes");
        assertEquals(2, o.exit(), o.err());
        assertTrue(o.err().contains("another definition"), o.err());
        lifeboat.ok("restore-table", "app", id, "users", "--as", "users_then", "--yes");
        assertEquals(List.of("ada", "grace", "linus"), rows("SELECT name FROM users_then ORDER BY id"));
        assertEquals(List.of("changed"), rows("SELECT DISTINCT name FROM users"));
        lifeboat.run("restore-table", "app", id, "users", "--as", "notes", "--yes").failsWith(2, "already has");
        lifeboat.run("restore-table", "app", id, "nosuch", "--yes").failsWith(2, "no table 'nosuch'");
    }
}
