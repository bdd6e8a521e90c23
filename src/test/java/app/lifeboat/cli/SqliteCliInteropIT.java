package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.LifeboatProcess;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.testing.Tools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sqlite3} command-line shell, as a user would run it by hand, opens every stored
 * backup and every restored file: {@code integrity_check} is ok and the row counts match. Opening
 * them does not change them (no -wal appears, and they still verify).
 */
class SqliteCliInteropIT {
    @TempDir
    Path dir;

    @Test
    void sqlite3OpensEveryStoredBackupAndRestoredFileWithTheRecordedRowCounts() throws Exception {
        Tools.requireUnlessLocal(sqlite3("-version").exit == 0, "the sqlite3 shell is not installed");
        LifeboatProcess lifeboat = new LifeboatProcess(dir.resolve("home"), dir.resolve("logs"));
        CliRunner inProcess = new CliRunner(dir.resolve("home"));
        Path db = TestDatabases.create(dir.resolve("app.db"), 3_000);
        inProcess.ok("add", db.toString(), "--name", "app", "--compression", "none");
        try (Connection walWriter = TestDatabases.writeOnlyToWal(db, 500, "wal-only")) {
            lifeboat.ok("backup", "app");
        }
        try (Connection c = TestDatabases.open(db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM notes WHERE id % 3 = 0");
            s.execute("UPDATE kv SET v = 2 WHERE k = 'schema'");
        }
        lifeboat.ok("backup", "app");
        List<JsonNode> two = backups(inProcess);
        String oldest = two.get(two.size() - 1).get("id").asText();
        lifeboat.ok("restore", "app", oldest, "--yes"); // adds a pre-restore backup
        Path restoredCopy = dir.resolve("restored-copy.db");
        lifeboat.ok("restore", "app", oldest, "--to", restoredCopy.toString(), "--yes");

        List<JsonNode> all = backups(inProcess);
        assertEquals(3, all.size(), "two backups and one pre-restore backup");
        for (JsonNode b : all) {
            Path stored = Path.of(b.get("path").asText());
            assertEquals(counts(b.get("tables")), checkWithSqlite3(stored, counts(b.get("tables"))), stored.toString());
            for (String suffix : List.of("-wal", "-shm", "-journal")) {
                assertFalse(Files.exists(Path.of(stored + suffix)), "sqlite3 left " + suffix + " beside " + stored);
            }
        }
        Map<String, Long> expected = counts(all.stream().filter(b -> b.get("id").asText().equals(oldest))
                .findFirst().orElseThrow().get("tables"));
        assertEquals(3_500L, expected.get("notes"), "the oldest backup holds the rows that were only in the -wal");
        assertEquals(expected, checkWithSqlite3(db, expected));
        assertEquals(expected, checkWithSqlite3(restoredCopy, expected));

        lifeboat.ok("verify", "app", "--all"); // sqlite3 changed nothing
    }

    private static Map<String, Long> counts(JsonNode tables) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tables.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asLong());
        }
        return m;
    }

    /** Runs sqlite3 on the file; fails unless integrity_check is ok; returns its row count per table. */
    private static Map<String, Long> checkWithSqlite3(Path file, Map<String, Long> tables) throws Exception {
        StringBuilder sql = new StringBuilder("PRAGMA integrity_check;");
        for (String t : tables.keySet()) {
            sql.append("SELECT '").append(t).append("', count(*) FROM \"").append(t).append("\";");
        }
        Sqlite3 r = sqlite3(file.toString(), sql.toString());
        assertEquals(0, r.exit, "sqlite3 " + file + ": " + r.out);
        List<String> lines = new ArrayList<>(List.of(r.out.strip().split("\n")));
        assertEquals("ok", lines.remove(0), "integrity_check of " + file + ": " + r.out);
        Map<String, Long> found = new LinkedHashMap<>();
        for (String l : lines) {
            String[] parts = l.split("\\|");
            found.put(parts[0], Long.parseLong(parts[1]));
        }
        assertTrue(lines.size() == tables.size(), r.out);
        return found;
    }

    private record Sqlite3(int exit, String out) {}

    private static Sqlite3 sqlite3(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sqlite3"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return new Sqlite3(-1, notInstalled.getMessage());
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Sqlite3(p.exitValue(), out);
    }

    private static List<JsonNode> backups(CliRunner lifeboat) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out()).forEach(out::add);
        return out;
    }
}
