package app.lifeboat.core.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.testing.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune's marking, which skips subtrees it has marked, against the walk of every version's whole tree. */
class LiveFramesTest {
    @TempDir
    Path dir;

    @Test
    void skippingMarkedSubtreesMarksExactlyWhatTheWholeWalksReach() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("app.db"), 2000);
        Path other = TestDatabases.create(dir.resolve("other.db"), 500); // a second database in the same store
        List<String[]> days = new ArrayList<>();
        // Growth to three tree levels (more than 16 x 64 pages), then days of small changes.
        days.add(new String[] {"INSERT INTO notes(user_id, body, data) SELECT 1, 'big ' || x, randomblob(3000) FROM "
                + "(WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000) SELECT x FROM n)"});
        for (int d = 0; d < 8; d++) {
            days.add(new String[] {"UPDATE notes SET body = 'day " + d + " ' || hex(randomblob(8)) WHERE id % 211 = " + d});
        }
        days.add(new String[] {"DELETE FROM notes WHERE id % 4 = 0", "VACUUM"}); // every page moves
        days.add(new String[] {"UPDATE notes SET body = 'after vacuum' WHERE id % 301 = 0"});
        days.add(new String[] {"DELETE FROM notes WHERE id > 300", "VACUUM"}); // shrinks to fewer levels
        days.add(new String[] {}); // the same state again: the same tree as the version before
        days.add(new String[] {"INSERT INTO notes(user_id, body, data) SELECT 2, 'regrown ' || x, randomblob(2000) FROM "
                + "(WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1500) SELECT x FROM n)"});
        List<String> ids = new ArrayList<>();
        for (String[] day : days) {
            StoreFixture.sql(db, day);
            ids.add(f.write(store, f.snapshot(db)).version().id());
            StoreFixture.sql(other, "UPDATE notes SET body = body || '.' WHERE id % 50 = " + ids.size() % 50);
            ids.add(f.write(store, f.snapshot(other)).version().id());
        }
        List<StoreVersion> all = store.versions();
        assertTrue(all.stream().mapToInt(StoreVersion::levels).max().orElse(0) >= 3, "some version has three levels");
        assertTrue(all.stream().mapToInt(StoreVersion::levels).distinct().count() >= 2, "versions of different heights");

        assertSameAsWholeWalks(store, all);
        // As prune sees them after deletions: every other version, then the VACUUMed and shrunk ones alone.
        List<StoreVersion> some = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 2) {
            some.add(all.get(i));
        }
        assertSameAsWholeWalks(store, some);
        assertSameAsWholeWalks(store, all.subList(all.size() - 8, all.size()));
        assertSameAsWholeWalks(store, List.of());

        store.deleteVersions(List.of(ids.get(3), ids.get(4), ids.get(19)));
        store.prune(ProgressListener.NONE, Cancellation.none());
        StoreCheck check = store.verifyStore(1.0, ProgressListener.NONE, Cancellation.none());
        assertTrue(check.ok(), check.toString());
        assertSameAsWholeWalks(store, store.versions());
    }

    private static void assertSameAsWholeWalks(IncrementalStore store, List<StoreVersion> versions) throws Exception {
        StoreIndex index = store.index();
        Pruner.Reach whole = Pruner.reach(versions, index, reader(store), Cancellation.none());
        assertTrue(whole.broken().isEmpty(), whole.problems().toString());
        LiveFrames marked = LiveFrames.mark(versions, index, reader(store), Cancellation.none());
        assertTrue(marked.broken().isEmpty(), marked.problems().toString());
        int expected = 0;
        Set<FrameId> seen = new HashSet<>();
        for (int k = 0; k < index.packCount(); k++) {
            Pack p = index.pack(k);
            for (int i = 0; i < p.entries().size(); i++) {
                int frame = index.firstFrame(k) + i;
                FrameId id = p.entries().get(i).id();
                boolean used = whole.refs().contains(id) && index.isCanonical(frame);
                assertEquals(used, marked.isLive(frame), "frame " + id + " of pack " + p.name());
                if (used) {
                    expected++;
                    assertTrue(seen.add(id), "one copy of " + id + " counts");
                }
            }
        }
        assertEquals(expected, marked.count());
        if (versions.size() > 2) {
            long nodes = 0;
            for (StoreVersion v : versions) {
                for (long n : v.levelCounts()) {
                    nodes += n;
                }
            }
            assertTrue(marked.nodesRead() < nodes, "shared subtrees are read once: " + marked.nodesRead() + " of " + nodes);
        }
    }

    private static FrameReader reader(IncrementalStore store) throws Exception {
        return new FrameReader(store.destination(), store.keys(false), store.dictionaries());
    }

    @Test
    void aVersionWithAMissingTreePackStopsThePruneBeforeItDeletesAnything() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("app.db"), 2000);
        List<String> ids = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            StoreFixture.sql(db, "UPDATE notes SET body = 'day " + d + "' WHERE id % 7 = " + d);
            ids.add(f.write(store, f.snapshot(db)).version().id());
        }
        // The pack with the last version's root holds only nodes that version added.
        String lastTree = store.index().locate(FrameId.parseHex(store.version(ids.get(2)).root())).pack().name();
        store.deleteVersions(List.of(ids.get(0)));
        f.destination.within(Format.DATA).delete(lastTree);
        Set<String> before = new HashSet<>(f.destination.within(Format.DATA).list());
        LifeboatException e = assertThrows(LifeboatException.class, () -> store.prune(ProgressListener.NONE, Cancellation.none()));
        assertEquals(ErrorCode.VERIFICATION_FAILED, e.code());
        assertTrue(e.getMessage().contains("nothing was pruned") && e.getMessage().contains(ids.get(2)), e.getMessage());
        assertEquals(before, new HashSet<>(f.destination.within(Format.DATA).list()), "no pack was deleted");
    }
}
