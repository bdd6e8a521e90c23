package app.lifeboat.core.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.io.LocalFolderDestination;
import app.lifeboat.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash points in-process: a prune or a write dies after each possible number of changes; every listed version still restores. */
class IncrementalCrashTest {
    @TempDir
    Path dir;

    @Test
    void aPruneKilledAtAnyChangeLeavesEveryListedVersionRestorableAndARerunFinishes() throws Exception {
        StoreFixture f = new StoreFixture(dir.resolve("pristine"));
        Files.createDirectories(f.dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Map<String, Path> snaps = buildHistory(f, store, 6);
        List<String> ids = new ArrayList<>(snaps.keySet());
        store.deleteVersions(List.of(ids.get(0), ids.get(2), ids.get(3)));
        int crashes = runUntilDone(f, snaps, (s) -> s.prune(ProgressListener.NONE, Cancellation.none()));
        assertTrue(crashes >= 4, "a prune has several changes to crash at: " + crashes);
    }

    @Test
    void aWriteKilledAtAnyChangeListsNoPartialVersion() throws Exception {
        StoreFixture f = new StoreFixture(dir.resolve("pristine"));
        Files.createDirectories(f.dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Map<String, Path> snaps = buildHistory(f, store, 2);
        Path db = f.dir.resolve("db.db");
        StoreFixture.sql(db, "DELETE FROM notes WHERE id % 4 = 0", "VACUUM");
        Path next = f.snapshot(db);
        int crashes = runUntilDone(f, snaps, (s) -> f.write(s, next));
        assertTrue(crashes >= 3, "a write has several changes to crash at: " + crashes);
    }

    /** Something done to the store that may die half-way. */
    interface StoreStep {
        void run(IncrementalStore store) throws Exception;
    }

    private Map<String, Path> buildHistory(StoreFixture f, IncrementalStore store, int versions) throws Exception {
        Path db = TestDatabases.create(f.dir.resolve("db.db"), 6000);
        Map<String, Path> snaps = new LinkedHashMap<>();
        for (int i = 0; i < versions; i++) {
            StoreFixture.sql(db, "UPDATE notes SET body = 'v" + i + "' || hex(randomblob(30)) WHERE id % " + (versions + 1) + " = " + i,
                    i % 3 == 2 ? "VACUUM" : "SELECT 1");
            Path s = f.snapshot(db);
            snaps.put(f.write(store, s).version().id(), s);
        }
        return snaps;
    }

    /** Replays {@code step} on fresh copies, crashing after 0, 1, 2... changes, until it completes; returns the crash count. */
    private int runUntilDone(StoreFixture pristine, Map<String, Path> snaps, StoreStep step) throws Exception {
        for (int limit = 0; limit < 500; limit++) {
            Path work = dir.resolve("run-" + limit);
            IncrementalStoreTest.copyTree(pristine.dir, work);
            AtomicInteger left = new AtomicInteger(limit);
            CrashingDestination crashing = new CrashingDestination(new LocalFolderDestination(work.resolve("store")), left);
            IncrementalStore doomed = IncrementalStore.open(crashing, work.resolve("cache"), StoreAccess.plain(), false);
            boolean crashed;
            try {
                step.run(doomed);
                crashed = false;
            } catch (RuntimeException e) {
                crashed = crashing.crashed();
                if (!crashed) {
                    throw e;
                }
            }
            StoreFixture after = new StoreFixture(work);
            IncrementalTestSupport.clearLocks(work); // the killed process's lock: its pid would be dead
            IncrementalStore survivor = after.open(StoreAccess.plain());
            Map<String, Path> expected = new HashMap<>(snaps);
            for (StoreVersion v : survivor.versions()) {
                Path snap = expected.get(v.id());
                if (snap == null) {
                    snap = IncrementalTestSupport.newest(pristine.dir); // the write's own new version
                }
                after.assertRestores(survivor, v.id(), snap, true);
            }
            survivor.prune(ProgressListener.NONE, Cancellation.none());
            StoreCheck check = survivor.verifyStore(1.0, ProgressListener.NONE, Cancellation.none());
            assertTrue(check.ok(), "after crash at change " + limit + ": " + check);
            // Finished: nothing left for another prune, no pack outside the index, no more than half of any pack unused.
            assertEquals(0, survivor.prune(ProgressListener.NONE, Cancellation.none()).bytesFreed(), "crash at change " + limit);
            assertEquals(survivor.index().packs().keySet(), new HashSet<>(after.destination.within("data").list()));
            assertTrue(check.unreferencedBytes() * 2 < check.storedBytes(), check.toString());
            for (StoreVersion v : survivor.versions()) {
                assertTrue(survivor.verifyVersion(v.id(), ProgressListener.NONE, Cancellation.none()).ok());
            }
            IncrementalStoreTest.deleteTree(work);
            if (!crashed) {
                return limit;
            }
        }
        throw new AssertionError("the step never completed");
    }
}
