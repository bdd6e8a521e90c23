package app.lifeboat.core.incremental;

import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.testing.LifeboatProcess;
import app.lifeboat.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real second process runs a prune or a write and is killed (SIGKILL) at a random moment; every listed version restores. */
class IncrementalKillTest {
    @TempDir
    Path dir;

    @Test
    void pruneAndWriteKilledAtRandomMomentsLeaveEveryListedVersionRestorable() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("db.db"), 30000);
        Map<String, Path> snaps = new HashMap<>();
        Random random = new Random();
        int killedMidway = 0;
        for (int round = 0; round < 8; round++) {
            StoreFixture.sql(db, "UPDATE notes SET body = 'r" + round + "' || hex(randomblob(40)) WHERE id % 4 = " + round % 4,
                    round % 3 == 2 ? "VACUUM" : "SELECT 1");
            Path snap = f.snapshot(db);
            snaps.put(f.write(store, snap).version().id(), snap);
            boolean prune = round % 2 == 1;
            if (prune) {
                List<StoreVersion> vs = store.versions();
                store.deleteVersions(List.of(vs.get(random.nextInt(vs.size() - 1)).id()));
            }
            StoreFixture.sql(db, "DELETE FROM notes WHERE id % 11 = " + round);
            Path next = f.snapshot(db);
            List<String> cmd = prune
                    ? LifeboatProcess.javaWithTestClassPath(StoreWorker.class.getName(), "prune", dir.resolve("store").toString(),
                            f.cache.toString())
                    : LifeboatProcess.javaWithTestClassPath(StoreWorker.class.getName(), "write", dir.resolve("store").toString(),
                            f.cache.toString(), next.toString());
            Path out = dir.resolve("worker-" + round + ".out");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(dir.resolve("worker.err").toFile()).start();
            while (p.isAlive() && !Files.readString(out).contains("started")) {
                Thread.sleep(5);
            }
            Thread.sleep(random.nextInt(prune ? 150 : 400));
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            if (!Files.readString(out).contains("done")) {
                killedMidway++;
            }
            for (StoreVersion v : store.versions()) {
                f.assertRestores(store, v.id(), snaps.getOrDefault(v.id(), next), true);
            }
            store.prune(ProgressListener.NONE, Cancellation.none()); // the rerun finishes the job
            StoreCheck check = store.verifyStore(1.0, ProgressListener.NONE, Cancellation.none());
            assertTrue(check.ok(), "round " + round + ": " + check);
            for (StoreVersion v : store.versions()) {
                snaps.putIfAbsent(v.id(), next);
            }
        }
        assertTrue(killedMidway > 0, "at least one run was killed before it finished");
    }
}
