package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Diff of two backups, and of a backup and the live database: schema changes and rows by key. */
class DiffBackupsTest {
    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path db;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        db = TestDatabases.create(dir.resolve("app.db"), 2000);
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE log(msg TEXT)"); // no primary key: matched by rowid
            s.execute("INSERT INTO log VALUES ('a'), ('b'), ('c')");
        }
        lifeboat.ok("add", db.toString(), "--name", "app");
        lifeboat.ok("backup", "app");
    }

    private List<String> ids() throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out())) {
            ids.add(n.get("id").asText());
        }
        return ids;
    }

    private void change() throws Exception {
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO notes(user_id, body) VALUES (1, 'new one'), (2, 'new two')");
            s.execute("DELETE FROM notes WHERE id IN (5, 6, 7)");
            s.execute("UPDATE notes SET body = 'edited' WHERE id = 10");
            s.execute("UPDATE users SET name = 'Ada' WHERE id = 1");
            s.execute("UPDATE kv SET v = 2 WHERE k = 'schema'");
            s.execute("ALTER TABLE users ADD COLUMN email TEXT");
            s.execute("CREATE TABLE tags(id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("DROP INDEX notes_user");
            s.execute("DELETE FROM log WHERE msg = 'b'");
        }
    }

    @Test
    void twoBackupsDifferByTheRowsAndSchemaThatChanged() throws Exception {
        change();
        lifeboat.ok("backup", "app", "--force");
        List<String> ids = ids();
        String out = lifeboat.ok("diff", "app", ids.get(1), ids.get(0)).out();
        assertTrue(out.contains("notes: 2 added, 3 removed, 1 changed"), out);
        assertTrue(out.contains("users: 0 added, 0 removed, 1 changed"), out);
        assertTrue(out.contains("kv: 0 added, 0 removed, 1 changed"), out);
        assertTrue(out.contains("schema: table added: tags"), out);
        assertTrue(out.contains("schema: column added: users.email"), out);
        assertTrue(out.contains("schema: index removed: notes_user"), out);
        assertTrue(out.contains("log: 0 added, 1 removed, 0 changed (rows matched by rowid"), out);
    }

    @Test
    void aBackupAgainstTheLiveDatabaseListsTheKeysAndValues() throws Exception {
        change();
        String from = ids().get(0);
        String out = lifeboat.ok("diff", "app", from, "--rows", "--values").out();
        assertTrue(out.startsWith("from " + from + " to current"), out);
        assertTrue(out.contains("  removed id = 5"), out);
        assertTrue(out.contains("  changed id = 10"), out);
        assertTrue(out.contains("    after:  10 | 1 | edited"), out);
        JsonNode json = new ObjectMapper().readTree(lifeboat.ok("diff", "app", from, "--json").out());
        assertEquals("current", json.get("to").asText());
    }

    @Test
    void aBackupComparedWithItselfHasNoChanges() throws Exception {
        String id = ids().get(0);
        String out = lifeboat.ok("diff", "app", id, id).out();
        assertTrue(out.contains("notes: no changes") && !out.contains("schema:"), out);
    }

    @Test
    void rowsAreCappedByTheLimitAndValuesNeedRows() throws Exception {
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM notes WHERE id <= 500");
        }
        String out = lifeboat.ok("diff", "app", ids().get(0), "--rows", "--limit", "3").out();
        assertTrue(out.contains("notes: 0 added, 500 removed, 0 changed"), out);
        assertEquals(3, out.lines().filter(l -> l.startsWith("  removed id = ")).count(), out);
        assertTrue(out.contains("more rows changed than --limit 3"), out);
        lifeboat.run("diff", "app", ids().get(0), "--values").failsWith(2, "--rows");
    }

    @Test
    void jsonGivesTablesByNameAndTheRowsWhenAsked() throws Exception {
        change();
        String from = ids().get(0);
        JsonNode json = new ObjectMapper().readTree(lifeboat.ok("diff", "app", from, "--current", "--json").out());
        assertEquals(2, json.get("tables").get("notes").get("added").asLong());
        assertEquals(3, json.get("tables").get("notes").get("removed").asLong());
        assertEquals(1, json.get("tables").get("notes").get("changed").asLong());
        assertEquals(1, json.get("tables").get("users").get("changed").asLong());
        assertTrue(json.get("tables").get("log").get("warning").asText().contains("rowid"), json.toString());
        assertTrue(json.get("schema").toString().contains("column added: users.email"), json.toString());
        assertEquals(null, json.get("tables").get("notes").get("rows"), "rows only with --rows");
        JsonNode rows = new ObjectMapper().readTree(lifeboat.ok("diff", "app", from, "--json", "--rows", "--values",
                "--table", "notes").out()).get("tables").get("notes").get("rows");
        assertEquals(6, rows.size(), rows.toString());
        assertEquals("removed", rows.get(0).get("kind").asText());
        assertEquals("5", rows.get(0).get("key").get(0).asText());
        assertEquals("edited", rows.get(3).get("after").get(2).asText(), rows.toString());
    }

    @Test
    void tableLimitsTheDiffToNamedTablesAndTheirSchema() throws Exception {
        change();
        String from = ids().get(0);
        String out = lifeboat.ok("diff", "app", from, "--table", "notes", "--table", "kv").out();
        assertTrue(out.contains("notes: 2 added, 3 removed, 1 changed") && out.contains("kv: 0 added, 0 removed, 1 changed"),
                out);
        assertTrue(out.contains("schema: index removed: notes_user"), out);
        assertTrue(!out.contains("users") && !out.contains("tags") && !out.contains("log"), out);
        lifeboat.run("diff", "app", from, "--table", "nosuch").failsWith(2, "neither side has a table 'nosuch'");
    }

    @Test
    void exitCodeSaysWhetherThereAreDifferences() throws Exception {
        String id = ids().get(0);
        assertEquals(0, lifeboat.run("diff", "app", id, "--current", "--exit-code").exit());
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.execute("UPDATE kv SET v = 3 WHERE k = 'schema'");
        }
        CliRunner.Outcome o = lifeboat.run("diff", "app", id, "--exit-code");
        assertEquals(1, o.exit(), o.err());
        assertTrue(o.out().contains("kv: 0 added, 0 removed, 1 changed") && o.err().isBlank(), o.out() + o.err());
        assertEquals(0, lifeboat.run("diff", "app", id).exit(), "without --exit-code, differences are not a failure");
        assertEquals(0, lifeboat.run("diff", "app", id, "--table", "notes", "--exit-code").exit());
        lifeboat.run("diff", "app", id, id, "--current").failsWith(2, "--current");
    }
}
