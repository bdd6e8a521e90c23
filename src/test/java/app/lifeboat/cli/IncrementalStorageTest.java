package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.CounterWriter;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.testing.Tools;
import app.lifeboat.testing.WriterProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups stored as versions of the destination's incremental store behave like full backups to
 * the user (list, verify, restore, restore --to, delete, retention) while each stores only what
 * changed.
 */
class IncrementalStorageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path db;
    Path dest;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        dest = Files.createDirectories(dir.resolve("dest"));
        db = TestDatabases.create(dir.resolve("app.db"), 20_000);
        lifeboat.ok("add", db.toString(), "--name", "app", "--dest", dest.toString(), "--storage", "incremental");
    }

    private JsonNode list() throws Exception {
        return list("app");
    }

    private JsonNode list(String name) throws Exception {
        return JSON.readTree(lifeboat.ok("list", name, "--json").out());
    }

    private List<String> ids() throws Exception {
        List<String> ids = new ArrayList<>();
        list().forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    static void sql(Path file, String... statements) throws Exception {
        try (Connection c = TestDatabases.open(file); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    private static long bytesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void aSmallChangeStoresLittleAndEveryVersionRestoresAsItWas() throws Exception {
        lifeboat.ok("backup", "app");
        long afterFirst = bytesUnder(dest);
        sql(db, "UPDATE notes SET body = 'changed' WHERE id <= 20");
        lifeboat.ok("backup", "app", "--force");
        long second = bytesUnder(dest) - afterFirst;
        assertTrue(second < afterFirst / 20, "the second version added " + second + " bytes to " + afterFirst);

        JsonNode l = list();
        assertEquals(2, l.size());
        for (JsonNode n : l) {
            assertEquals("incremental", n.get("storage").asText());
            assertEquals(n.get("id").asText(), n.get("versionId").asText());
            assertEquals(dest.resolve("app/incremental").toString(), n.get("path").asText());
            assertFalse(n.has("file"), n.toString());
        }
        assertTrue(lifeboat.ok("verify", "app", "--all").out().contains("all checks passed"));
        String newer = l.get(0).get("id").asText();
        String older = l.get(1).get("id").asText();
        Path oldCopy = dir.resolve("old.db");
        lifeboat.ok("restore", "app", older, "--to", oldCopy.toString(), "--yes");
        assertEquals(0, TestDatabases.count(oldCopy, "SELECT count(*) FROM notes WHERE body = 'changed'"));
        assertEquals(20_000, TestDatabases.count(oldCopy, "SELECT count(*) FROM notes"));

        sql(db, "DELETE FROM notes");
        lifeboat.ok("restore", "app", newer, "--yes");
        assertEquals(20, TestDatabases.count(db, "SELECT count(*) FROM notes WHERE body = 'changed'"));
        assertEquals(20_000, TestDatabases.count(db, "SELECT count(*) FROM notes"));
        // The pre-restore safety copy went into the store too, and shares most of its pages.
        assertEquals(3, list().size());
    }

    @Test
    void deletingAndRetentionRemoveVersionsAndFreeTheDataOnlyTheyUsed() throws Exception {
        lifeboat.ok("backup", "app");
        for (int i = 0; i < 3; i++) {
            sql(db, "UPDATE notes SET data = randomblob(200) WHERE id % 5 = " + i);
            lifeboat.ok("backup", "app", "--force");
        }
        // The default keep-rules kept the newest three of today's four; the store lost the fourth version.
        List<String> ids = ids();
        assertEquals(3, ids.size());
        assertEquals(ids.stream().sorted().toList(), versions());
        long before = bytesUnder(dest.resolve("app/incremental"));
        lifeboat.ok("delete", "app", ids.get(1));
        assertEquals(2, versions().size());
        assertFalse(versions().contains(ids.get(1)));
        lifeboat.ok("set", "app", "--max-count", "1");
        lifeboat.ok("prune", "app");
        assertEquals(List.of(ids.get(0)), ids());
        assertEquals(List.of(ids.get(0)), versions());
        long after = bytesUnder(dest.resolve("app/incremental"));
        assertTrue(after < before * 0.8, "prune freed too little: " + before + " -> " + after);
        assertTrue(lifeboat.ok("verify", "app", "--all").out().contains("all checks passed"));
        Path out = dir.resolve("latest.db");
        lifeboat.ok("restore", "app", "--latest", "--to", out.toString(), "--yes");
        assertEquals(20_000, TestDatabases.count(out, "SELECT count(*) FROM notes"));
    }

    private List<String> versions() throws IOException {
        try (Stream<Path> s = Files.list(dest.resolve("app/incremental/versions"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void aDamagedPackFailsVerificationAndRestoreIsRefused() throws Exception {
        lifeboat.ok("backup", "app");
        String id = ids().get(0);
        assertTrue(lifeboat.ok("verify", "app", "--store", "--read-data-subset", "100%").out().contains("1 versions"));
        Path pack;
        try (Stream<Path> s = Files.walk(dest.resolve("app/incremental/data"))) {
            pack = s.filter(Files::isRegularFile).max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
                    .orElseThrow();
        }
        byte[] b = Files.readAllBytes(pack);
        b[b.length / 2] ^= 0x55;
        Files.write(pack, b);
        CliRunner.Outcome whole = lifeboat.run("verify", "app", "--store", "--read-data-subset", "100%");
        assertEquals(ExitCodes.FAILED, whole.exit(), whole.out() + whole.err());
        assertTrue(whole.out().contains("version " + id + " cannot be restored"), whole.out());
        CliRunner.assertOneErrorLine(whole.err());
        CliRunner.Outcome v = lifeboat.run("verify", "app", id);
        assertNotEquals(0, v.exit(), v.out() + v.err());
        assertTrue((v.out() + v.err()).contains(id), v.out() + v.err());
        Path target = dir.resolve("never.db");
        CliRunner.Outcome r = lifeboat.run("restore", "app", id, "--to", target.toString(), "--yes");
        assertNotEquals(0, r.exit());
        CliRunner.assertOneErrorLine(r.err());
        assertFalse(Files.exists(target), "a refused restore must not leave a file");
    }

    @Test
    void theRestoreScriptRebuildsAVersionWithoutLifeboat() throws Exception {
        Tools.require("python3");
        lifeboat.ok("backup", "app");
        sql(db, "UPDATE notes SET body = 'py' WHERE id % 9 = 0");
        lifeboat.ok("backup", "app", "--force");
        String id = ids().get(0);
        Path byApp = dir.resolve("app-restore.db");
        lifeboat.ok("restore", "app", id, "--to", byApp.toString(), "--yes");
        Path byScript = dir.resolve("script-restore.db");
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Tools.sh(dir, python + " " + Path.of("tools", "restore-incremental.py").toAbsolutePath() + " "
                + dest.resolve("app/incremental") + " " + id + " " + byScript);
        assertEquals(TestDatabases.count(byApp, "SELECT count(*) FROM notes WHERE body = 'py'"),
                TestDatabases.count(byScript, "SELECT count(*) FROM notes WHERE body = 'py'"));
        assertEquals(Files.size(byApp), Files.size(byScript));
    }

    @Test
    void fullAndIncrementalBackupsLiveSideBySideWhenTheSettingChanges() throws Exception {
        lifeboat.ok("backup", "app");
        lifeboat.ok("set", "app", "--storage", "full");
        sql(db, "UPDATE notes SET body = 'full' WHERE id = 1");
        lifeboat.ok("backup", "app", "--force");
        JsonNode l = list();
        assertEquals(2, l.size());
        assertTrue(l.get(0).has("file"));
        assertEquals("incremental", l.get(1).get("storage").asText());
        assertTrue(lifeboat.ok("verify", "app", "--all").out().contains("all checks passed"));
        Path out = dir.resolve("inc.db");
        lifeboat.ok("restore", "app", l.get(1).get("id").asText(), "--to", out.toString(), "--yes");
        assertEquals(0, TestDatabases.count(out, "SELECT count(*) FROM notes WHERE body = 'full'"));
        assertTrue(lifeboat.ok("databases").out().contains("compression: zstd"));
        lifeboat.ok("set", "app", "--storage", "incremental");
        assertTrue(lifeboat.ok("databases").out().contains("storage: incremental"));
    }

    @Test
    void convertTurnsVersionsIntoFullFilesAndBackKeepingIdsAndPins() throws Exception {
        lifeboat.ok("backup", "app");
        sql(db, "UPDATE notes SET body = 'two' WHERE id < 10");
        lifeboat.ok("backup", "app", "--force");
        List<String> ids = ids();
        lifeboat.ok("pin", "app", ids.get(1));
        lifeboat.ok("convert", "app", "--all", "--to", "full");
        JsonNode l = list();
        assertEquals(ids, ids());
        for (JsonNode n : l) {
            assertTrue(Files.exists(dest.resolve("app").resolve(n.get("file").asText())), n.toString());
            assertFalse(n.has("storage"), n.toString());
        }
        assertTrue(l.get(1).get("pinned").asBoolean());
        assertEquals(List.of(), versions(), "the versions go once their backups are files");
        assertTrue(lifeboat.ok("convert", "app", ids.get(0), "--to", "full").out().contains("nothing to convert"));

        lifeboat.ok("convert", "app", ids.get(0), "--to", "incremental");
        assertEquals(List.of(ids.get(0)), versions());
        assertFalse(Files.exists(dest.resolve("app").resolve(l.get(0).get("file").asText())));
        assertTrue(lifeboat.ok("verify", "app", "--all").out().lines().allMatch(x -> x.contains("all checks passed")));
        Path out = dir.resolve("c.db");
        lifeboat.ok("restore", "app", ids.get(0), "--to", out.toString(), "--yes");
        assertEquals(9, TestDatabases.count(out, "SELECT count(*) FROM notes WHERE body = 'two'"));
        lifeboat.run("convert", "app", "--to", "full").failsWith(ExitCodes.USAGE, "BACKUP-ID or --all");
    }

    @Test
    void versionsTakenWhileAnotherProcessWritesAreConsistentSnapshots() throws Exception {
        Path busy = dir.resolve("busy.db");
        try (Connection c = Content.openAsApp(busy)) {
            CounterWriter.createSchema(c, 2000);
        }
        lifeboat.ok("add", busy.toString(), "--name", "busy", "--dest", dest.toString(), "--storage", "incremental");
        try (WriterProcess writer = WriterProcess.start(busy, true, dir.resolve("writer.err"))) {
            writer.awaitCommitted(50, Duration.ofSeconds(60));
            for (int i = 0; i < 3; i++) {
                lifeboat.ok("backup", "busy", "--force");
                writer.awaitCommitted(writer.committed() + 20, Duration.ofSeconds(60));
            }
            writer.stop();
        }
        JsonNode l = JSON.readTree(lifeboat.ok("list", "busy", "--json").out());
        assertEquals(3, l.size());
        assertTrue(lifeboat.ok("verify", "busy", "--all").out().lines().allMatch(x -> x.contains("all checks passed")));
        long previous = -1;
        for (int i = l.size() - 1; i >= 0; i--) {
            Path out = dir.resolve("busy-" + i + ".db");
            lifeboat.ok("restore", "busy", l.get(i).get("id").asText(), "--to", out.toString(), "--yes");
            assertEquals(1, Content.longValue(out, CounterWriter.CONSISTENT), "version " + i + " is a consistent state");
            long n = Content.longValue(out, "SELECT n FROM counter");
            assertTrue(n > previous, "each version is later than the one before: " + n + " after " + previous);
            previous = n;
        }
    }

    @Test
    void versionsCanBeLookedInsideDiffedAndATableRestoredFromThem() throws Exception {
        lifeboat.ok("backup", "app");
        sql(db, "UPDATE notes SET body = 'edited' WHERE id <= 7", "DELETE FROM notes WHERE id > 19990");
        lifeboat.ok("backup", "app", "--force");
        List<String> ids = ids();
        assertTrue(lifeboat.ok("tables", "app", ids.get(1)).out().contains("notes"));
        String q = lifeboat.ok("query", "app", ids.get(1), "SELECT count(*) AS n FROM notes", "--csv").out();
        assertTrue(q.contains("20000"), q);
        String d = lifeboat.ok("diff", "app", ids.get(1), ids.get(0), "--json").out();
        JsonNode notes = JSON.readTree(d).get("tables").get("notes");
        assertEquals(10, notes.get("removed").asLong(), d);
        assertEquals(7, notes.get("changed").asLong(), d);
        lifeboat.ok("restore-table", "app", ids.get(1), "notes", "--yes");
        assertEquals(20_000, TestDatabases.count(db, "SELECT count(*) FROM notes"));
        assertEquals(0, TestDatabases.count(db, "SELECT count(*) FROM notes WHERE body = 'edited'"));
    }

    @Test
    void aMissingLocalCacheIsRebuiltAndTheNextVersionIsStillRight() throws Exception {
        lifeboat.ok("backup", "app");
        try (Stream<Path> s = Files.walk(dir.resolve("home/cache"))) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        sql(db, "UPDATE notes SET body = 'after cache loss' WHERE id < 100");
        lifeboat.ok("backup", "app", "--force");
        assertTrue(lifeboat.ok("verify", "app", "--all").out().contains("all checks passed"));
        Path out = dir.resolve("out.db");
        lifeboat.ok("restore", "app", "--latest", "--to", out.toString(), "--yes");
        assertEquals(99, TestDatabases.count(out, "SELECT count(*) FROM notes WHERE body = 'after cache loss'"));
    }

    @Test
    void vacuumAndAPageSizeChangeStillGiveCorrectVersions() throws Exception {
        lifeboat.ok("backup", "app");
        sql(db, "DELETE FROM notes WHERE id % 3 = 0", "PRAGMA journal_mode=DELETE", "VACUUM");
        lifeboat.ok("backup", "app", "--force");
        sql(db, "PRAGMA page_size=8192", "VACUUM", "PRAGMA journal_mode=WAL");
        lifeboat.ok("backup", "app", "--force");
        assertTrue(lifeboat.ok("verify", "app", "--all").out().contains("all checks passed"));
        List<String> ids = ids();
        Path out = dir.resolve("v.db");
        lifeboat.ok("restore", "app", ids.get(1), "--to", out.toString(), "--yes");
        assertEquals(20_000 - 20_000 / 3, TestDatabases.count(out, "SELECT count(*) FROM notes"));
        Path out2 = dir.resolve("p.db");
        lifeboat.ok("restore", "app", ids.get(0), "--to", out2.toString(), "--yes");
        assertEquals(8192, TestDatabases.count(out2, "PRAGMA page_size"));
    }

    @Test
    void aStorageOtherThanFullOrIncrementalIsRefusedInOneClearLine() {
        lifeboat.run("set", "app", "--storage", "sometimes").failsWith(ExitCodes.USAGE, "full or incremental");
        lifeboat.run("set", "app", "--compression", "gzip").failsWith(ExitCodes.USAGE, "--storage full");
        lifeboat.run("set", "app", "--storage", "incremental", "--level", "9").failsWith(ExitCodes.USAGE, "apply to full backups");
        assertTrue(lifeboat.ok("set", "app", "--storage", "full", "--compression", "gzip").out().contains("compression: gzip"));
    }

    @Test
    void newDatabasesAreIncrementalUnlessTheyNameACompression() throws Exception {
        Path other = TestDatabases.create(dir.resolve("other.db"), 10);
        Path third = TestDatabases.create(dir.resolve("third.db"), 10);
        assertTrue(lifeboat.ok("add", other.toString(), "--name", "b").out().contains("(incremental store)"));
        assertFalse(lifeboat.ok("add", third.toString(), "--name", "c", "--compression", "gzip").out().contains("incremental"));
        lifeboat.ok("backup", "c");
        assertTrue(list("c").get(0).get("path").asText().endsWith(".db.gz"));
    }

    @Test
    void aSidecarFromANewerFormatIsReportedNotMisread() throws Exception {
        lifeboat.ok("backup", "app");
        String id = ids().get(0);
        Path sidecar = dest.resolve("app").resolve(id + ".json");
        Files.writeString(sidecar, Files.readString(sidecar).replace("\"formatVersion\" : 2", "\"formatVersion\" : 5"));
        CliRunner.Outcome o = lifeboat.ok("list", "app");
        assertTrue(o.err().contains("newer version"), o.err());
        assertTrue(ids().isEmpty());
    }
}
