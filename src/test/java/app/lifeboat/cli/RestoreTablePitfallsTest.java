package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * The ways a naive table restore goes wrong, each tried on a real database: {@code INSERT OR
 * REPLACE} cascade-deleting child rows, generated columns that {@code SELECT *} cannot insert,
 * rowids of a table without a primary key, parent and child tables restored together, and refusals
 * that must change nothing at all (not even a pre-restore backup).
 */
class RestoreTablePitfallsTest {
    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path db;
    String id;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        db = TestDatabases.create(dir.resolve("app.db"), 300);
        exec("CREATE TABLE comments(id INTEGER PRIMARY KEY, note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,"
                        + " text TEXT)",
                "INSERT INTO comments(note_id, text) SELECT id, 'on ' || id FROM notes WHERE id % 10 = 0",
                "CREATE TABLE prices(id INTEGER PRIMARY KEY, name TEXT, net REAL,"
                        + " gross REAL GENERATED ALWAYS AS (net * 1.2) STORED, label TEXT AS (upper(name)) VIRTUAL)",
                "INSERT INTO prices(name, net) VALUES ('tea', 10), ('cake', 20)",
                "CREATE TABLE log(msg TEXT)",
                "INSERT INTO log VALUES ('a'), ('b'), ('c'), ('d')",
                "DELETE FROM log WHERE msg = 'b'", // rowids 1, 3, 4: a plain copy would renumber them
                "CREATE VIRTUAL TABLE search USING fts5(body)",
                "INSERT INTO search SELECT body FROM notes");
        lifeboat.ok("add", db.toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        id = lifeboat.newestBackupId("app");
    }

    private void exec(String... sql) throws Exception {
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON"); // as the application would have it
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

    private int backups() throws Exception {
        return new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out()).size();
    }

    private void assertIntact() throws Exception {
        assertEquals(List.of("ok"), rows("PRAGMA integrity_check"));
        assertEquals(List.of(), rows("PRAGMA foreign_key_check"));
    }

    @Test
    void restoringAParentTableKeepsTheChildRowsThatCascadeDeletesWouldTake() throws Exception {
        List<String> comments = rows("SELECT id, note_id, text FROM comments ORDER BY id");
        exec("UPDATE notes SET body = 'broken'");
        lifeboat.ok("restore-table", "app", id, "notes", "--yes");
        assertEquals(comments, rows("SELECT id, note_id, text FROM comments ORDER BY id"));
        assertEquals(List.of("0"), rows("SELECT count(*) FROM notes WHERE body = 'broken'"));
        assertIntact();
    }

    @Test
    void generatedColumnsAreComputedAgainInsteadOfCopied() throws Exception {
        exec("UPDATE prices SET net = 99, name = 'gone'");
        lifeboat.ok("restore-table", "app", id, "prices", "--yes");
        assertEquals(List.of("1|tea|10.0|12.0|TEA", "2|cake|20.0|24.0|CAKE"),
                rows("SELECT id || '|' || name || '|' || net || '|' || gross || '|' || label FROM prices ORDER BY id"));
        lifeboat.ok("restore-table", "app", id, "prices", "--as", "prices_then", "--yes");
        assertEquals(List.of("24.0"), rows("SELECT gross FROM prices_then WHERE name = 'cake'"));
        assertIntact();
    }

    @Test
    void aTableWithoutPrimaryKeyGetsItsRowsBackWithTheirRowids() throws Exception {
        exec("DELETE FROM log", "INSERT INTO log VALUES ('new')");
        lifeboat.ok("restore-table", "app", id, "log", "--yes");
        assertEquals(List.of("1 a", "3 c", "4 d"), rows("SELECT rowid || ' ' || msg FROM log ORDER BY rowid"));
    }

    @Test
    void aParentAndItsChildrenRestoredTogetherKeepTheirForeignKeys() throws Exception {
        exec("DELETE FROM comments", "DELETE FROM notes WHERE id > 100 OR user_id = 3", "DELETE FROM users WHERE id = 3",
                "INSERT INTO users(id, name) VALUES (9, 'new')", "INSERT INTO notes(user_id, body) VALUES (9, 'by new')");
        lifeboat.run("restore-table", "app", id, "users", "--yes").failsWith(1, "would reference rows");
        lifeboat.ok("restore-table", "app", id, "users", "notes", "comments", "--yes");
        assertEquals(List.of("3"), rows("SELECT count(*) FROM users"));
        assertEquals(List.of("300"), rows("SELECT count(*) FROM notes"));
        assertEquals(List.of("30"), rows("SELECT count(*) FROM comments"));
        assertIntact();
    }

    @Test
    void aRefusedRestoreChangesNothingNotEvenTheListOfBackups() throws Exception {
        exec("ALTER TABLE users ADD COLUMN email TEXT", "UPDATE users SET name = 'changed'");
        String before = Content.digest(db);
        lifeboat.run("restore-table", "app", id, "notes", "users", "--yes").failsWith(2, "another definition");
        lifeboat.run("restore-table", "app", id, "search", "--yes").failsWith(2, "virtual table");
        lifeboat.run("restore-table", "app", id, "notes", "nosuch", "--yes").failsWith(2, "no table 'nosuch'");
        assertEquals(before, Content.digest(db));
        assertEquals(1, backups(), "no pre-restore backup for a restore that was refused");
    }
}
