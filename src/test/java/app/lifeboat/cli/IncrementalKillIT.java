package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.LifeboatProcess;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs {@code backup} of a database with incremental storage at random moments. Each run
 * stores a version and then, because only two backups are kept, deletes one and prunes the store.
 * After every kill each listed backup verifies and restores; the next run leaves the store with
 * exactly the listed versions. The seed is printed in failures ({@code -Dlifeboat.kill.seed}).
 */
class IncrementalKillIT {
    private static final int KILLS = Integer.getInteger("lifeboat.kills", 5);

    @TempDir
    Path dir;

    @Test
    void backupAndPruneKilledAtRandomMomentsLeaveEveryListedVersionWhole() throws Exception {
        long seed = Long.getLong("lifeboat.kill.seed", System.nanoTime());
        Random random = new Random(seed);
        Path db = TestDatabases.create(dir.resolve("app.db"), 20_000);
        CliRunner inProcess = new CliRunner(dir.resolve("home"));
        inProcess.ok("add", db.toString(), "--name", "app", "--max-count", "2", "--storage", "incremental");
        LifeboatProcess lifeboat = new LifeboatProcess(dir.resolve("home"), dir.resolve("logs"));
        long t0 = System.nanoTime();
        lifeboat.ok("backup", "app");
        long fullMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        int killed = 0;
        for (int i = 0; i < KILLS; i++) {
            edit(db, i);
            LifeboatProcess.Run run = lifeboat.start("backup", "app", "--force");
            long delay = fullMillis / 3 + (long) (random.nextDouble() * fullMillis * 2 / 3);
            if (run.process.waitFor(delay, TimeUnit.MILLISECONDS)) {
                assertEquals(0, run.finish(1).exit(), "an uninterrupted run failed, seed " + seed);
            } else {
                run.kill();
                killed++;
            }
            String verified = inProcess.ok("verify", "app", "--all").out();
            assertEquals(ids(inProcess).size(), verified.lines().filter(l -> l.contains("all checks passed")).count(),
                    "after kill " + i + " every listed backup verifies, seed " + seed + ":\n" + verified);
        }
        assertTrue(killed >= 1, "runs should have been killed mid-way, seed " + seed);
        lifeboat.ok("backup", "app", "--force");
        List<String> ids = ids(inProcess);
        assertEquals(ids.stream().sorted().toList(), versions(dir.resolve("home/backups/app/incremental/versions")),
                "the next run leaves exactly the listed versions, seed " + seed);
        Path out = dir.resolve("out.db");
        inProcess.ok("restore", "app", ids.get(ids.size() - 1), "--to", out.toString(), "--yes");
        assertEquals(List.of("ok"), Content.integrityCheck(out));
        assertEquals(List.of("ok"), Content.integrityCheck(db), "the source is never harmed");
    }

    private static void edit(Path db, int round) throws Exception {
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.execute("UPDATE notes SET body = body || ' r" + round + "' WHERE id % 4 = " + (round % 4));
            s.execute("INSERT INTO users(name) VALUES ('round " + round + "')");
        }
    }

    private static List<String> ids(CliRunner lifeboat) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out())) {
            ids.add(n.get("id").asText());
        }
        return ids;
    }

    private static List<String> versions(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
