package app.lifeboat.core.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.crypto.AgeKeys;
import app.lifeboat.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalStoreTest {
    @TempDir
    Path dir;

    @Test
    void everyVersionRestoresByteForByteThroughChangesVacuumPageSizeShrinkAndGrowth() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("app.db"), 3000);
        List<String> ids = new ArrayList<>();
        List<Path> snaps = new ArrayList<>();
        List<String[]> days = List.of(
                new String[] {},
                new String[] {"UPDATE notes SET body = body || ' edited' WHERE id % 97 = 0"},
                new String[] {"DELETE FROM notes WHERE id % 3 = 0", "VACUUM"},
                new String[] {"PRAGMA page_size=8192", "PRAGMA journal_mode=DELETE", "VACUUM"},
                new String[] {"DELETE FROM notes WHERE id > 200", "VACUUM"},
                new String[] {"INSERT INTO notes(user_id, body) SELECT 1, 'grown ' || x FROM "
                        + "(WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5000) SELECT x FROM n)"});
        long firstBytes = 0;
        for (String[] day : days) {
            StoreFixture.sql(db, day);
            Path snap = f.snapshot(db);
            WriteResult r = f.write(store, snap);
            if (ids.isEmpty()) {
                firstBytes = r.newBytes();
            }
            ids.add(r.version().id());
            snaps.add(snap);
            assertEquals(Files.size(snap), r.referencedBytes());
        }
        assertEquals(8192, store.version(ids.get(3)).pageSize());
        for (int i = 0; i < ids.size(); i++) {
            f.assertRestores(store, ids.get(i), snaps.get(i), true);
            assertTrue(store.verifyVersion(ids.get(i), ProgressListener.NONE, Cancellation.none()).ok());
        }
        WriteResult again = f.write(store, snaps.get(snaps.size() - 1));
        assertEquals(0, again.newFrames(), "an unchanged database adds no frames");
        assertTrue(again.newBytes() < firstBytes / 20, "an unchanged database adds only its version object: " + again.newBytes());
        StoreCheck check = store.verifyStore(1.0, ProgressListener.NONE, Cancellation.none());
        assertTrue(check.ok(), check.toString());
        assertEquals(ids.size() + 1, check.versions());
    }

    @Test
    void aVersionOfManyNewPagesSwitchesToTheBulkLevelAndStillRestores() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = dir.resolve("many.db");
        StoreFixture.sql(db, "PRAGMA page_size=512", "CREATE TABLE t(x)",
                "INSERT INTO t SELECT printf('%d %s', value, hex(randomblob(40))) FROM "
                + "(WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 60000) SELECT value FROM n)");
        Path snap = f.snapshot(db);
        WriteResult r = f.write(store, snap);
        assertTrue(r.newFrames() > Format.FINE_FRAMES + 1000, "enough new pages to pass the switch: " + r.newFrames());
        f.assertRestores(store, r.version().id(), snap, true);
        assertTrue(store.verifyVersion(r.version().id(), ProgressListener.NONE, Cancellation.none()).ok());
    }

    @Test
    void pagesRepeatedWithinOneVersionAreStoredOnce() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = dir.resolve("zeros.db");
        // Freed pages under secure_delete are zeros (freelist leaves): the same bytes, many times.
        StoreFixture.sql(db, "PRAGMA secure_delete = ON", "CREATE TABLE t(b)",
                "INSERT INTO t SELECT randomblob(3000) FROM "
                + "(WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000) SELECT x FROM n)",
                "DELETE FROM t");
        Path snap = f.snapshot(db);
        WriteResult r = f.write(store, snap);
        long pages = Files.size(snap) / 4096;
        assertTrue(pages > 1000, "pages: " + pages);
        assertTrue(r.newFrames() < 100, "the zero page is stored once: " + r.newFrames() + " frames for " + pages + " pages");
        f.assertRestores(store, r.version().id(), snap, true);
    }

    @Test
    void walContentIsInTheVersionAndAFewChangedRowsStoreFewPages() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("wal.db"), 20000);
        WriteResult first = f.write(store, f.snapshot(db));
        try (Connection writer = TestDatabases.writeOnlyToWal(db, 50, "wal-only")) {
            Path snap = f.snapshot(db);
            WriteResult second = f.write(store, snap);
            assertTrue(second.newFrames() < first.newFrames() / 10, first.newFrames() + " then " + second.newFrames());
            f.assertRestores(store, second.version().id(), snap, true);
            Path out = dir.resolve("check.db");
            store.restore(second.version().id(), out, ProgressListener.NONE, Cancellation.none());
            assertEquals(50, TestDatabases.count(out, "select count(*) from notes where body like 'wal-only%'"));
        }
    }

    @Test
    void anEncryptedStoreServesTheRecipientsItWasWrittenForOrAnyBeforeItsFirstWrite() throws Exception {
        var first = AgeKeys.generate();
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.encrypted(AgeKeys.writers(List.of(first.recipient()), null),
                first.recipient()));
        assertTrue(StoreProbe.servesRecipients(f.destination, "someone else"), "nothing written: no set yet");
        f.write(store, f.snapshot(TestDatabases.create(dir.resolve("a.db"), 300)));
        assertTrue(StoreProbe.servesRecipients(f.destination, first.recipient()));
        assertFalse(StoreProbe.servesRecipients(f.destination, "someone else"));
        assertEquals(16, StoreProbe.recipientsTag("someone else").length());
    }

    @Test
    void encryptedStoreWritesAndPrunesWithoutIdentityAndRestoresOnlyWithIt() throws Exception {
        var id = AgeKeys.generate();
        Path idFile = dir.resolve("id.txt");
        Files.writeString(idFile, id.identity() + "\n");
        StoreAccess writeOnly = StoreAccess.encrypted(AgeKeys.writers(List.of(id.recipient()), null),
                id.recipient());
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(writeOnly);
        Path db = TestDatabases.create(dir.resolve("secret.db"), 2000);
        StoreFixture.sql(db, "INSERT INTO kv VALUES ('marker', 'PLAINTEXT-MARKER-4711')");
        Path s1 = f.snapshot(db);
        String v1 = f.write(store, s1).version().id();
        StoreFixture.sql(db, "DELETE FROM notes WHERE id % 2 = 0", "VACUUM");
        Path s2 = f.snapshot(db);
        String v2 = f.write(store, s2).version().id();
        store.deleteVersions(List.of(v1));
        PruneResult pruned = store.prune(ProgressListener.NONE, Cancellation.none());
        assertTrue(pruned.bytesFreed() > 0, pruned.toString());
        assertNoStoreFileContains(f, "PLAINTEXT-MARKER-4711");
        assertNoStoreFileContains(f, "lorem ipsum");

        LifeboatException noId = assertThrows(LifeboatException.class,
                () -> store.restore(v2, dir.resolve("x.db"), ProgressListener.NONE, Cancellation.none()));
        assertEquals(ErrorCode.KEY_UNAVAILABLE, noId.code());

        IncrementalStore reader = f.open(writeOnly.withIdentities(
                AgeKeys.readIdentityFile(idFile, () -> null)));
        f.assertRestores(reader, v2, s2, true);
        assertTrue(reader.verifyStore(1.0, ProgressListener.NONE, Cancellation.none()).ok());
        // The identity alone rebuilds everything: no cache at all.
        deleteTree(f.cache);
        f.assertRestores(reader, v2, s2, true);
    }

    @Test
    void sqlCipherPagesAreStoredAsTheyAreAndUnchangedPagesDeduplicate() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.createSqlCipher(dir.resolve("cipher.db"), "k3y");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?cipher=sqlcipher&legacy=4&key=k3y")) {
            c.createStatement().execute("CREATE TABLE big(x)");
            c.createStatement().execute("INSERT INTO big SELECT randomblob(3000) FROM "
                    + "(WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 300) SELECT x FROM n)");
        }
        Path s1 = dir.resolve("c1.db");
        Files.copy(db, s1);
        WriteResult first = store.write(s1, 4096, "cipher", ProgressListener.NONE, Cancellation.none());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?cipher=sqlcipher&legacy=4&key=k3y")) {
            c.createStatement().execute("UPDATE t SET v = 'y'");
        }
        Path s2 = dir.resolve("c2.db");
        Files.copy(db, s2);
        WriteResult second = store.write(s2, 4096, "cipher", ProgressListener.NONE, Cancellation.none());
        assertTrue(second.newFrames() < first.newFrames() / 10, first.newFrames() + " then " + second.newFrames());
        f.assertRestores(store, first.version().id(), s1, false);
        f.assertRestores(store, second.version().id(), s2, false);
        assertThrows(LifeboatException.class, () -> store.write(s2, 0, "cipher", ProgressListener.NONE, Cancellation.none()),
                "an encrypted file has no readable page size");
    }

    @Test
    void aMissingOrDamagedPackBreaksOnlyTheVersionsThatNeedIt() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("d.db"), 3000);
        Path s1 = f.snapshot(db);
        String v1 = f.write(store, s1).version().id();
        List<String> before = f.destination.within("data").list();
        StoreFixture.sql(db, "INSERT INTO notes(user_id, body) SELECT 1, 'later ' || id FROM notes");
        Path s2 = f.snapshot(db);
        String v2 = f.write(store, s2).version().id();
        List<String> added = new ArrayList<>(f.destination.within("data").list());
        added.removeAll(before);
        Path dataDir = dir.resolve("store").resolve("data");
        String dataPack = added.stream().filter(n -> packKind(dataDir.resolve(n)) == 0).findFirst().orElseThrow();

        byte[] original = Files.readAllBytes(dataDir.resolve(dataPack));
        byte[] flipped = original.clone();
        flipped[20] ^= 1;
        Files.write(dataDir.resolve(dataPack), flipped);
        StoreCheck damaged = store.verifyStore(1.0, ProgressListener.NONE, Cancellation.none());
        assertEquals(List.of(v2), damaged.brokenVersions());
        assertFalse(store.verifyVersion(v2, ProgressListener.NONE, Cancellation.none()).ok());
        LifeboatException e = assertThrows(LifeboatException.class,
                () -> store.restore(v2, dir.resolve("r.db"), ProgressListener.NONE, Cancellation.none()));
        assertEquals(ErrorCode.VERIFICATION_FAILED, e.code());
        assertFalse(Files.exists(dir.resolve("r.db")), "no partial file is left");
        f.assertRestores(store, v1, s1, true);

        Files.delete(dataDir.resolve(dataPack));
        StoreCheck missing = store.verifyStore(0.0, ProgressListener.NONE, Cancellation.none());
        assertEquals(List.of(v2), missing.brokenVersions());
        assertTrue(missing.badPacks().get(0).contains("missing"), missing.badPacks().toString());
        f.assertRestores(store, v1, s1, true);
        // The next backup does not trust the lost pack: it stores those pages again and is whole.
        String v3 = f.write(store, s2).version().id();
        f.assertRestores(store, v3, s2, true);
    }

    @Test
    void aDeletedOrStaleCacheStillGivesCorrectVersions() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("c.db"), 3000);
        Path s1 = f.snapshot(db);
        String v1 = f.write(store, s1).version().id();
        Path staleCopy = dir.resolve("stale-cache");
        copyTree(f.cache, staleCopy);
        StoreFixture.sql(db, "DELETE FROM notes WHERE id % 2 = 1", "VACUUM");
        Path s2 = f.snapshot(db);
        String v2 = f.write(store, s2).version().id();
        store.deleteVersions(List.of(v1));
        store.prune(ProgressListener.NONE, Cancellation.none());
        // The cache from before the prune claims frames the prune removed.
        deleteTree(f.cache);
        copyTree(staleCopy, f.cache);
        String v3 = f.write(store, s1).version().id();
        f.assertRestores(store, v3, s1, true);
        deleteTree(f.cache);
        StoreFixture.sql(db, "UPDATE notes SET body = 'x'");
        Path s4 = f.snapshot(db);
        String v4 = f.write(store, s4).version().id();
        f.assertRestores(store, v2, s2, true);
        f.assertRestores(store, v4, s4, true);
    }

    @Test
    void versionSizesAreCachedUntilTheVersionsOrIndexesChange() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("app.db"), 3000);
        f.write(store, f.snapshot(db));
        StoreFixture.sql(db, "UPDATE notes SET body = 'x' WHERE id % 5 = 0");
        f.write(store, f.snapshot(db));
        List<VersionSizes> measured = store.sizes(Cancellation.none());
        Path cached = Files.list(f.cache).filter(Files::isDirectory).findFirst().orElseThrow().resolve("version-sizes.json");
        assertTrue(Files.exists(cached));
        // Marked so that a read from the cache shows: the measured totals plus one.
        Files.writeString(cached, Files.readString(cached).replaceFirst("\"totalBytes\"\\s*:\\s*" + measured.get(0).totalBytes(),
                "\"totalBytes\" : " + (measured.get(0).totalBytes() + 1)));
        assertEquals(measured.get(0).totalBytes() + 1, store.sizes(Cancellation.none()).get(0).totalBytes(), "read from the cache");

        StoreFixture.sql(db, "DELETE FROM notes WHERE id % 2 = 0");
        f.write(store, f.snapshot(db));
        List<VersionSizes> again = store.sizes(Cancellation.none());
        assertEquals(3, again.size(), "a new version is measured, not taken from the cache");
        assertEquals(measured.get(0).totalBytes(), again.get(0).totalBytes());
        Files.writeString(cached, "{ not json");
        assertEquals(again, store.sizes(Cancellation.none()), "a damaged cache file is measured again");
    }

    @Test
    void aStoreFromANewerFormatIsRefusedClearly() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        f.open(StoreAccess.plain());
        Path config = dir.resolve("store").resolve("config");
        Files.writeString(config, Files.readString(config).replace("\"formatVersion\" : " + Format.VERSION,
                "\"formatVersion\" : " + (Format.VERSION + 1)));
        LifeboatException e = assertThrows(LifeboatException.class, () -> f.open(StoreAccess.plain()));
        assertEquals(ErrorCode.MALFORMED_METADATA, e.code());
        assertTrue(e.getMessage().contains("newer version"), e.getMessage());
    }

    @Test
    void pruneFreesWhatDeletedVersionsAloneUsedAndSizesSayHowMuch() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("p.db"), 4000);
        List<String> ids = new ArrayList<>();
        List<Path> snaps = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            StoreFixture.sql(db, "UPDATE notes SET body = 'day " + day + " ' || hex(randomblob(20)) WHERE id % 5 = " + day);
            Path s = f.snapshot(db);
            snaps.add(s);
            ids.add(f.write(store, s).version().id());
        }
        List<VersionSizes> sizes = store.sizes(Cancellation.none());
        assertEquals(5, sizes.size());
        assertTrue(sizes.stream().allMatch(s -> s.uniqueBytes() > 0 && s.totalBytes() > s.uniqueBytes()), sizes.toString());
        store.deleteVersions(List.of(ids.get(1), ids.get(2)));
        long freed = sizes.get(1).uniqueBytes() + sizes.get(2).uniqueBytes();
        PruneResult r = store.prune(ProgressListener.NONE, Cancellation.none());
        assertTrue(r.bytesFreed() > 0, r.toString());
        assertTrue(r.bytesFreed() <= freed + 64 * 1024 * 5, r + " vs " + freed);
        for (int i : new int[] {0, 3, 4}) {
            f.assertRestores(store, ids.get(i), snaps.get(i), true);
        }
        StoreCheck check = store.verifyStore(1.0, ProgressListener.NONE, Cancellation.none());
        assertTrue(check.ok(), check.toString());
        assertEquals(1, f.destination.within("index").list().size(), "prune leaves one index");
        PruneResult again = store.prune(ProgressListener.NONE, Cancellation.none());
        assertEquals(0, again.bytesFreed(), "a second prune finds nothing");
    }

    @Test
    void anExclusiveLockKeepsWritersOutAndADeadHoldersLockIsStale() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("l.db"), 100);
        Path snap = f.snapshot(db);
        try (StoreLock prune = StoreLock.acquire(f.destination, true, "a prune")) {
            LifeboatException e = assertThrows(LifeboatException.class, () -> f.write(store, snap));
            assertEquals(ErrorCode.BUSY, e.code());
            assertTrue(e.getMessage().contains("a prune"), e.getMessage());
        }
        Files.writeString(dir.resolve("store").resolve("locks").resolve("exclusive-0000"),
                "{\"host\":\"" + InetAddress.getLocalHost().getHostName() + "\",\"pid\":" + Integer.MAX_VALUE
                        + ",\"purpose\":\"a prune\",\"refreshed\":\"2020-01-01T00:00:00Z\"}");
        f.write(store, snap);
        assertEquals(List.of(), f.destination.within("locks").list(), "the dead holder's lock was removed, ours released");
    }

    @Test
    void twoDatabasesShareOneStoreAndDeduplicateAcrossIt() throws Exception {
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path a = TestDatabases.create(dir.resolve("a.db"), 3000);
        Path b = dir.resolve("b.db");
        Files.copy(a, b);
        StoreFixture.sql(b, "UPDATE users SET name = 'b'");
        Path sa = f.snapshot(a);
        Path sb = f.snapshot(b);
        WriteResult ra = store.write(sa, 0, "a", ProgressListener.NONE, Cancellation.none());
        WriteResult rb = store.write(sb, 0, "b", ProgressListener.NONE, Cancellation.none());
        assertTrue(rb.newFrames() < ra.newFrames() / 5, ra.newFrames() + " then " + rb.newFrames());
        store.deleteVersions(List.of(ra.version().id()));
        store.prune(ProgressListener.NONE, Cancellation.none());
        f.assertRestores(store, rb.version().id(), sb, true);
    }

    static int packKind(Path pack) {
        try {
            return Files.readAllBytes(pack)[8];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertNoStoreFileContains(StoreFixture f, String text) throws Exception {
        try (Stream<Path> s = Files.walk(f.dir.resolve("store"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(text), p + " holds " + text);
            }
        }
    }

    static void deleteTree(Path p) throws Exception {
        if (Files.exists(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
