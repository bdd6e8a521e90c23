package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.inspect.QueryResult;
import app.lifeboat.core.inspect.SchemaObject;
import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Looking inside a backup without restoring it: the schema with row counts and read-only queries,
 * on compressed, age-encrypted and SQLCipher backups; writes are refused by SQLite itself, and
 * the backup still verifies afterwards with nothing left in the private temp folder.
 */
class InspectBackupTest {
    @TempDir
    Path dir;

    CliRunner lifeboat;
    String id;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        lifeboat.ok("add", TestDatabases.create(dir.resolve("app.db"), 1500).toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        id = lifeboat.newestBackupId("app");
    }

    private long scratchFiles() throws Exception {
        Path tmp = dir.resolve("home/tmp");
        if (!Files.exists(tmp)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void tablesListsTheSchemaWithRowCounts() throws Exception {
        String out = lifeboat.ok("tables", "app").out();
        assertTrue(out.matches("(?s).*table\\s+notes\\s+1500 rows.*"), out);
        assertTrue(out.matches("(?s).*index\\s+notes_user\\s+on notes.*"), out);
        JsonNode json = new ObjectMapper().readTree(lifeboat.ok("tables", "app", id, "--json").out());
        assertEquals(3, findRows(json, "users"));
        assertEquals(0, scratchFiles(), "the decoded copy is removed");
    }

    private static long findRows(JsonNode json, String table) {
        for (JsonNode n : json) {
            if (n.get("name").asText().equals(table)) {
                return n.get("rows").asLong();
            }
        }
        return -1;
    }

    @Test
    void aQueryReturnsRowsAsTableJsonAndCsvAndSaysWhenItWasCut() throws Exception {
        String out = lifeboat.ok("query", "app", id, "select id, name from users order by id").out();
        assertTrue(out.startsWith("id  name") && out.contains("1   ada"), out);
        JsonNode rows = new ObjectMapper().readTree(lifeboat.ok("query", "app", "latest", "select k, v from kv order by k",
                "--json").out());
        assertEquals("owner", rows.get(0).get("k").asText());
        String csv = lifeboat.ok("query", "app", id, "select 'a,b' as x, null as y", "--csv").out();
        assertEquals("x,y\n\"a,b\",\n", csv);
        CliRunner.Outcome cut = lifeboat.ok("query", "app", id, "select * from notes", "--limit", "10");
        assertEquals(11, cut.out().lines().count(), "a header and ten rows");
        assertTrue(cut.err().contains("only the first 10 rows"), cut.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete from notes", "insert into users(name) values ('x')", "drop table kv",
        "create table t(a)", "update users set name = 'x'", "pragma user_version = 7", "vacuum"})
    void aStatementThatWouldWriteIsRefusedAndTheBackupStaysIntact(String sql) throws Exception {
        lifeboat.run("query", "app", id, sql).failsWith(2, "read-only");
        assertTrue(lifeboat.ok("verify", "app", id).out().contains(id + ": ok"));
        assertEquals(0, scratchFiles());
    }

    @Test
    void moreThanOneStatementAndBadSqlAreClearErrors() {
        lifeboat.run("query", "app", id, "select 1; delete from notes").failsWith(2, "more than one statement");
        lifeboat.run("query", "app", id, "selec 1").failsWith(2, "syntax error");
        lifeboat.run("query", "app", "20991231T000000Z-ffff", "select 1").failsWith(1, "no backup");
    }

    @Test
    void anAgeEncryptedBackupNeedsItsIdentity() throws Exception {
        Path identity = dir.resolve("id.txt");
        String recipient = lifeboat.ok("keygen", identity.toString()).out().lines()
                .filter(l -> l.contains("age1")).findFirst().orElseThrow().replaceAll(".*(age1[0-9a-z]+).*", "$1");
        lifeboat.ok("set", "app", "--encrypt-to", recipient);
        lifeboat.ok("backup", "app", "--force");
        lifeboat.run("query", "app", "latest", "select count(*) from users").failsWith(1, "encrypted");
        String out = lifeboat.ok("query", "app", "latest", "select count(*) as n from users", "--identity",
                identity.toString()).out();
        assertTrue(out.contains("3"), out);
    }

    @Test
    void aSqlCipherBackupIsOpenedWithItsKeyAndNoPlaintextCopyIsMade() throws Exception {
        Path enc = TestDatabases.createSqlCipher(dir.resolve("secret.db"), "k3y");
        try (BackupService service = new BackupService(new LifeboatHome(dir.resolve("home2")), Clock.systemUTC(),
                Map.of("SECRET_KEY", "k3y"))) {
            service.add(enc, new DatabaseOptions("secret", null, null, null, null, null, null, null, null, null, null, null,
                    false, null, null, "SECRET_KEY", null));
            service.create("secret", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none());
            List<SchemaObject> tables = service.inspector().tables("secret", null, Secrets.none(), ProgressListener.NONE,
                    Cancellation.none());
            assertEquals(1L, tables.get(0).rows());
            QueryResult r = service.inspector().query("secret", null, "select v from t", 10, Secrets.none(), ProgressListener.NONE,
                    Cancellation.none());
            assertEquals(List.of(List.of("x")), r.rows());
        }
        try (Stream<Path> s = Files.walk(dir.resolve("home2"))) {
            assertEquals(List.of(), s.filter(p -> p.toString().contains("inspect")).toList());
        }
    }
}
