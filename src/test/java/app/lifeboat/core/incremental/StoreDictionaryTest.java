package app.lifeboat.core.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.crypto.AgeKeys;
import app.lifeboat.testing.TestDatabases;
import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stores of a database large enough for a zstd dictionary: trained once, reused, rebuilt when the cache is lost. */
class StoreDictionaryTest {
    /** About 2 MiB: well above {@link Dictionaries#MIN_PAGES}. */
    private static final int ROWS = 30_000;

    @TempDir
    Path dir;

    @Test
    void aLargeDatabaseGetsOneDictionaryThatMakesItsFramesSmallerAndLaterVersionsReuse() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("app.db"), ROWS);
        Path s1 = f.snapshot(db);
        assertTrue(Files.size(s1) / 4096 >= Dictionaries.MIN_PAGES, "the test database is large enough");
        WriteResult first = f.write(store, s1);
        long frames = 0;
        for (Pack p : store.index().packs().values()) {
            frames += p.kind() == Format.Kind.DATA ? p.frameBytes() : 0;
        }
        StoreFixture.sql(db, "UPDATE notes SET body = body || ' edited' WHERE id % 5000 = 0");
        Path s2 = f.snapshot(db);
        WriteResult second = f.write(store, s2);

        assertEquals(1, dicts().size(), "one dictionary, trained by the first write and reused by the second");
        long perPageAlone = 0;
        byte[] all = Files.readAllBytes(s1);
        Set<ByteBuffer> unique = new HashSet<>();
        for (int off = 0; off < all.length; off += 4096) {
            byte[] page = Arrays.copyOfRange(all, off, off + 4096);
            if (unique.add(ByteBuffer.wrap(page))) {
                perPageAlone += Zstd.compress(page, Format.ZSTD_LEVEL).length;
            }
        }
        assertTrue(frames < perPageAlone * 0.97, "with the dictionary the page frames (" + frames
                + " bytes) are smaller than its distinct pages compressed alone (" + perPageAlone + ")");
        assertTrue(second.newBytes() < first.newBytes() / 5, "the second version stores only the changed pages");
        f.assertRestores(store, first.version().id(), s1, true);
        f.assertRestores(store, second.version().id(), s2, true);
        assertTrue(store.verifyStore(1.0, ProgressListener.NONE, Cancellation.none()).ok());
    }

    @Test
    void aLostCacheMeansANewDictionaryAndVersionsOfBothStillRestore() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("app.db"), ROWS);
        Path s1 = f.snapshot(db);
        String v1 = f.write(store, s1).version().id();
        deleteTree(f.cache);
        StoreFixture.sql(db, "UPDATE notes SET body = 'rewritten ' || id WHERE id % 3 = 0");
        Path s2 = f.snapshot(db);
        String v2 = f.write(store, s2).version().id();
        assertEquals(2, dicts().size(), "without its cached dictionary the write trained a new one");
        deleteTree(f.cache);
        IncrementalStore fresh = f.open(StoreAccess.plain());
        f.assertRestores(fresh, v1, s1, true);
        f.assertRestores(fresh, v2, s2, true);
    }

    @Test
    void anEncryptedStoreKeepsItsDictionaryAgeEncryptedAndBacksUpWithoutTheIdentity() throws Exception {
        var id = AgeKeys.generate();
        Path idFile = dir.resolve("id.txt");
        Files.writeString(idFile, id.identity() + "\n");
        StoreAccess writeOnly = StoreAccess.encrypted(AgeKeys.writers(List.of(id.recipient()), null), id.recipient());
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(writeOnly);
        Path db = TestDatabases.create(dir.resolve("app.db"), ROWS);
        Path s1 = f.snapshot(db);
        f.write(store, s1);
        StoreFixture.sql(db, "DELETE FROM notes WHERE id % 4 = 0");
        Path s2 = f.snapshot(db);
        String v2 = f.write(store, s2).version().id();
        List<Path> d = dicts();
        assertEquals(1, d.size());
        byte[] stored = Files.readAllBytes(d.get(0));
        assertTrue(new String(stored, 0, 21, StandardCharsets.US_ASCII).startsWith("age-encryption.org/v1"), "an age file");
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("lorem ipsum"), "no page content in the store in plain");

        deleteTree(f.cache);
        IncrementalStore reader = f.open(writeOnly.withIdentities(AgeKeys.readIdentityFile(idFile, () -> null)));
        f.assertRestores(reader, v2, s2, true);
    }

    @Test
    void newRecipientsGetTheirOwnDictionarySealedToThem() throws Exception {
        var oldId = AgeKeys.generate();
        var newId = AgeKeys.generate();
        Path newIdFile = dir.resolve("new-id.txt");
        Files.writeString(newIdFile, newId.identity() + "\n");
        StoreFixture f = new StoreFixture(dir);
        Path db = TestDatabases.create(dir.resolve("app.db"), ROWS);
        f.write(f.open(StoreAccess.encrypted(AgeKeys.writers(List.of(oldId.recipient()), null), oldId.recipient())), f.snapshot(db));
        // Other pages, so the new dictionary is not byte-identical to the first (an id already taken is not used at all).
        StoreFixture.sql(db, "UPDATE notes SET body = 'rotated ' || (id * 7919) || ' ' || body");
        StoreAccess rotated = StoreAccess.encrypted(AgeKeys.writers(List.of(newId.recipient()), null), newId.recipient());
        f.write(f.open(rotated), f.snapshot(db));
        List<Path> d = dicts();
        assertEquals(2, d.size(), "a dictionary sealed to the old recipient is not used for the new one");
        int opened = 0;
        for (Path p : d) {
            try {
                StoreKeys.ageDecrypt(Files.readAllBytes(p), AgeKeys.readIdentityFile(newIdFile, () -> null), "dictionary", 1 << 20);
                opened++;
            } catch (LifeboatException e) {
                // sealed to the old recipient
            }
        }
        assertEquals(1, opened, "exactly one dictionary opens with the new identity: the one its versions use");
    }

    @Test
    void pagesThatAreCiphertextGetNoDictionary() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        byte[] noise = new byte[4096 * 400];
        new Random(7).nextBytes(noise);
        Path s = dir.resolve("cipher.db");
        Files.write(s, noise);
        String v = store.write(s, 4096, "cipher", ProgressListener.NONE, Cancellation.none()).version().id();
        assertEquals(0, dicts().size());
        f.assertRestores(store, v, s, false);
    }

    @Test
    void aMissingDictionaryIsNamedWhenAVersionIsRestored() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("app.db"), ROWS);
        String v = f.write(store, f.snapshot(db)).version().id();
        Files.delete(dicts().get(0));
        deleteTree(f.cache);
        IncrementalStore fresh = f.open(StoreAccess.plain());
        LifeboatException e = assertThrows(LifeboatException.class,
                () -> fresh.restore(v, dir.resolve("out.db"), ProgressListener.NONE, Cancellation.none()));
        assertTrue(e.getMessage().contains("dictionary"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.db")), "nothing half-restored");
    }

    private List<Path> dicts() throws Exception {
        Path d = dir.resolve("store").resolve(Format.DICTS);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
