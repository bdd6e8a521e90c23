package app.lifeboat.core.incremental;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.io.Sha256;
import app.lifeboat.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index cache is checked in one pass over each object (checksum and name together); a bad entry is fetched again. */
class StoreIndexCacheTest {
    @TempDir
    Path dir;

    @Test
    void aDamagedOrSwappedCacheEntryIsFetchedAgainAndTheIndexIsTheSame() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("app.db"), 1500);
        for (int d = 0; d < 2; d++) {
            StoreFixture.sql(db, "UPDATE notes SET body = 'day " + d + "' WHERE id % 9 = " + d);
            f.write(store, f.snapshot(db));
        }
        List<String> names = f.destination.within(Format.INDEX).list();
        assertEquals(2, names.size());
        StoreIndex first = store.index();
        Path a = store.cacheIndex().resolve(names.get(0));
        Path b = store.cacheIndex().resolve(names.get(1));
        byte[] original = Files.readAllBytes(a);

        byte[] flipped = original.clone();
        flipped[flipped.length / 2] ^= 1;
        Files.write(a, flipped);
        assertSameFrames(first, store.index());
        assertArrayEquals(original, Files.readAllBytes(a), "the damaged entry was fetched again");

        Files.copy(b, a, StandardCopyOption.REPLACE_EXISTING); // a whole, valid object under the wrong name
        assertSameFrames(first, store.index());
        assertArrayEquals(original, Files.readAllBytes(a), "the swapped entry was fetched again");
    }

    @Test
    void anObjectIsNamedByTheHashOfAllItsBytesAndEndsInTheChecksumOfTheRest() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        f.write(store, f.snapshot(TestDatabases.create(dir.resolve("app.db"), 500)));
        StoreIndex index = store.index();
        List<Pack> packs = new ArrayList<>(index.packs().values());
        IndexCodec.Named named = IndexCodec.encodeNamed(packs);
        byte[] sha = Sha256.newDigest().digest(named.bytes());
        assertEquals(HexFormat.of().formatHex(sha), named.name());
        assertTrue(IndexCodec.isObjectNamed(named.bytes(), sha));
        byte[] other = sha.clone();
        other[0] ^= 1;
        assertFalse(IndexCodec.isObjectNamed(named.bytes(), other), "another name");
        byte[] damaged = named.bytes().clone();
        damaged[damaged.length - 1] ^= 1;
        assertFalse(IndexCodec.isObjectNamed(damaged, Sha256.newDigest().digest(damaged)), "a wrong checksum, however named");
        assertArrayEquals(IndexCodec.encode(packs), named.bytes());
        for (int k = 0; k < index.packCount(); k++) {
            for (int i = 0; i < index.pack(k).entries().size(); i++) {
                int frame = index.firstFrame(k) + i;
                FrameId id = index.entry(frame).id();
                for (int guess : new int[] {frame, frame - 1, frame + 1, -1, Integer.MAX_VALUE}) {
                    assertEquals(frame, index.frameOf(id, guess), "a guess only shortens the lookup");
                }
            }
        }
        assertEquals(-1, index.frameOf(new FrameId(1, 2, 3, 4), 0));
        // Encoding from the index's columns gives the bytes the store holds.
        assertArrayEquals(Files.readAllBytes(f.destination.within(Format.INDEX).list().stream()
                .map(n -> store.cacheIndex().resolve(n)).findFirst().orElseThrow()), named.bytes());
    }

    private static void assertSameFrames(StoreIndex expected, StoreIndex actual) {
        assertEquals(expected.frameCount(), actual.frameCount());
        assertEquals(expected.packs().keySet(), actual.packs().keySet());
        for (int k = 0; k < expected.packCount(); k++) {
            for (int i = 0; i < expected.pack(k).entries().size(); i++) {
                Pack.Entry e = expected.entry(expected.firstFrame(k) + i);
                assertEquals(e, actual.locate(e.id()).entry());
            }
        }
    }
}
