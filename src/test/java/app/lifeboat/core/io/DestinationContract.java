package app.lifeboat.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.incremental.IncrementalStore;
import app.lifeboat.core.incremental.StoreAccess;
import app.lifeboat.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Destination} promises, run against each implementation (folder, S3, SFTP):
 * a subclass supplies an empty destination and, for crash cases, a second instance over the same
 * place (as a new process would see it).
 */
public abstract class DestinationContract {

    /** An empty destination, private to the calling test. */
    protected abstract Destination emptyDestination() throws Exception;

    /** A new instance over the same place, as the next run of Lifeboat would open it. */
    protected abstract Destination reopen(Destination d) throws Exception;

    /** Bytes of a size that crosses the implementation's part or buffer boundaries. */
    protected int largeObjectBytes() {
        return 3 * 1024 * 1024 + 17;
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void put(Destination d, String name, byte[] content) throws IOException {
        try (Destination.StagedFile f = d.stage(name)) {
            Files.write(f.path(), content);
            f.commit();
        }
    }

    static byte[] read(Destination d, String name) throws IOException {
        try (InputStream in = d.open(name)) {
            return in.readAllBytes();
        }
    }

    /**
     * The incremental store reaches storage only through this interface, so it must work on every
     * implementation: versions with a dictionary written, restored byte for byte from a fresh
     * cache, one deleted and pruned, the store verified, the other still restoring.
     */
    @Test
    void anIncrementalStoreWorksThroughIt(@TempDir Path dir) throws Exception {
        Destination d = emptyDestination();
        Path db = TestDatabases.create(dir.resolve("app.db"), 20_000);
        Path first = Files.copy(db, dir.resolve("first.db"));
        try (Connection c = TestDatabases.open(db); Statement s = c.createStatement()) {
            s.execute("UPDATE notes SET body = 'changed ' || id WHERE id % 40 = 0");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        Path second = Files.copy(db, dir.resolve("second.db"));
        IncrementalStore store = IncrementalStore.open(d.within("incremental"), dir.resolve("cache"), StoreAccess.plain(), true);
        String v1 = store.write(first, 0, "app", ProgressListener.NONE, Cancellation.none()).version().id();
        String v2 = store.write(second, 0, "app", ProgressListener.NONE, Cancellation.none()).version().id();
        assertFalse(d.within("incremental").within("dicts").list().isEmpty(), "the versions use a dictionary");

        IncrementalStore again = IncrementalStore.open(reopen(d).within("incremental"), dir.resolve("fresh-cache"),
                StoreAccess.plain(), false);
        again.restore(v1, dir.resolve("r1.db"), ProgressListener.NONE, Cancellation.none());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(dir.resolve("r1.db")));
        again.deleteVersions(List.of(v1));
        again.prune(ProgressListener.NONE, Cancellation.none());
        assertTrue(again.verifyStore(1.0, ProgressListener.NONE, Cancellation.none()).ok());
        again.restore(v2, dir.resolve("r2.db"), ProgressListener.NONE, Cancellation.none());
        assertArrayEquals(Files.readAllBytes(second), Files.readAllBytes(dir.resolve("r2.db")));
        assertEquals(List.of(v2), again.versions().stream().map(v -> v.id()).toList());
    }

    @Test
    void aNewDestinationListsNothing() throws Exception {
        assertEquals(List.of(), emptyDestination().list());
    }

    @Test
    void aCommittedObjectIsListedAndReadsBackByteForByte() throws Exception {
        Destination d = emptyDestination();
        byte[] content = bytes(largeObjectBytes(), 1);
        put(d, "20261129T010203Z-abcd.db.zst", content);
        assertEquals(List.of("20261129T010203Z-abcd.db.zst"), d.list());
        assertTrue(d.exists("20261129T010203Z-abcd.db.zst"));
        assertEquals(content.length, d.sizeBytes("20261129T010203Z-abcd.db.zst"));
        assertArrayEquals(content, read(d, "20261129T010203Z-abcd.db.zst"));
        try (Destination.LocalCopy copy = d.localCopy("20261129T010203Z-abcd.db.zst")) {
            assertArrayEquals(content, Files.readAllBytes(copy.path()));
        }
        assertArrayEquals(content, read(reopen(d), "20261129T010203Z-abcd.db.zst"), "durable for the next run");
    }

    @Test
    void putSendsALocalFileWholeReportsItsProgressAndReplaces(@TempDir Path dir) throws Exception {
        Destination d = emptyDestination();
        byte[] content = bytes(largeObjectBytes(), 21);
        Path file = dir.resolve("local");
        Files.write(file, content);
        List<Long> reports = new ArrayList<>();
        d.put("sent", file, reports::add);
        assertArrayEquals(content, read(d, "sent"));
        assertEquals((long) content.length, reports.get(reports.size() - 1), "the last report is the whole file");
        byte[] second = bytes(1000, 22);
        Files.write(file, second);
        d.put("sent", file, sent -> { });
        assertArrayEquals(second, read(d, "sent"));
        assertEquals(List.of("sent"), d.list());
    }

    @Test
    void anEmptyObjectIsAnObject() throws Exception {
        Destination d = emptyDestination();
        put(d, "empty", new byte[0]);
        assertEquals(0, d.sizeBytes("empty"));
        assertArrayEquals(new byte[0], read(d, "empty"));
    }

    @Test
    void nothingIsVisibleUnderTheNameUntilCommit() throws Exception {
        Destination d = emptyDestination();
        try (Destination.StagedFile f = d.stage("a.db")) {
            Files.write(f.path(), bytes(100_000, 2));
            assertFalse(d.exists("a.db"));
            assertEquals(List.of(), d.list());
            assertEquals(List.of(), reopen(d).list(), "another reader sees nothing either");
            f.commit();
        }
        assertEquals(List.of("a.db"), d.list());
    }

    @Test
    void closingWithoutCommitLeavesNothingBehind() throws Exception {
        Destination d = emptyDestination();
        try (Destination.StagedFile f = d.stage("a.db")) {
            Files.write(f.path(), bytes(10_000, 3));
        }
        assertEquals(List.of(), d.list());
        assertEquals(0, d.removeStaleTemporaries(), "close removed its own temporaries");
    }

    @Test
    void anAbandonedWriterLeavesNothingListedAndItsTemporariesAreCleanedLater() throws Exception {
        Destination d = emptyDestination();
        Destination.StagedFile abandoned = d.stage("a.db"); // never committed nor closed: a killed run
        Files.write(abandoned.path(), bytes(10_000, 4));
        Destination next = reopen(d);
        assertEquals(List.of(), next.list());
        next.removeStaleTemporaries();
        assertEquals(0, next.removeStaleTemporaries());
        assertEquals(List.of(), next.list());
    }

    @Test
    void writeAtomicallyCreatesAndReplaces() throws Exception {
        Destination d = emptyDestination();
        d.writeAtomically("a.json", "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        d.writeAtomically("a.json", "{\"v\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"v\":2}", new String(read(reopen(d), "a.json"), StandardCharsets.UTF_8));
        assertEquals(List.of("a.json"), d.list());
    }

    @Test
    void stageReplacesAnExistingObject() throws Exception {
        Destination d = emptyDestination();
        put(d, "a", bytes(50, 5));
        put(d, "a", bytes(70, 6));
        assertArrayEquals(bytes(70, 6), read(d, "a"));
    }

    @Test
    void listIsSortedAndDeleteRemovesOnlyTheNamedObject() throws Exception {
        Destination d = emptyDestination();
        for (String n : List.of("b.json", "a.db", "c")) {
            put(d, n, n.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("a.db", "b.json", "c"), d.list());
        d.delete("b.json");
        d.delete("b.json"); // deleting what is gone is not an error: a rerun finishes the job
        assertEquals(List.of("a.db", "c"), reopen(d).list());
    }

    @Test
    void readingAMissingObjectIsAnIoError() throws Exception {
        Destination d = emptyDestination();
        assertFalse(d.exists("missing"));
        assertThrows(IOException.class, () -> read(d, "missing"));
        assertThrows(IOException.class, () -> d.sizeBytes("missing"));
    }

    @Test
    void aNestedNamespaceIsSeparate() throws Exception {
        Destination d = emptyDestination();
        put(d, "top", bytes(10, 7));
        Destination inner = d.within("store");
        put(inner, "pack-1", bytes(20, 8));
        assertEquals(List.of("top"), d.list(), "a nested namespace's objects are not the parent's");
        assertEquals(List.of("pack-1"), inner.list());
        assertEquals(List.of("pack-1"), reopen(d).within("store").list());
        assertArrayEquals(bytes(20, 8), read(inner, "pack-1"));
    }

    @Test
    void everyMethodRefusesANameThatIsNotPlain() throws Exception {
        Destination d = emptyDestination();
        for (String name : List.of("../x", "..", ".", "", "a/b", "a\\b", "/abs", "x\u0000y", "a\nb")) {
            List<Executable> calls = List.of(
                    () -> d.exists(name), () -> d.sizeBytes(name), () -> d.open(name).close(),
                    () -> d.localCopy(name).close(), () -> d.delete(name), () -> d.locationOf(name),
                    () -> d.writeAtomically(name, new byte[] {1}), () -> d.stage(name).close(),
                    () -> d.within(name));
            for (Executable call : calls) {
                assertThrows(LifeboatException.class, call, "name " + Destination.quoteName(name));
            }
        }
        assertEquals(List.of(), d.list(), "nothing was written");
    }

    @Test
    void describeAndLocationNameThePlace() throws Exception {
        Destination d = emptyDestination();
        assertFalse(d.describe().isBlank());
        assertTrue(d.locationOf("a.db").contains("a.db"));
    }
}
