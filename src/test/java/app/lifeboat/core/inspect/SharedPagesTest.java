package app.lifeboat.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.sqlite.RawPages;
import app.lifeboat.core.sqlite.Sqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page-by-page shortcut of a diff's counts gives exactly what comparing every row gives: on a
 * day of ordinary changes (where it is used), and after a VACUUM, a page size change, a table
 * dropped and made again, and changes that touch only overflow pages.
 */
class SharedPagesTest {
    @TempDir
    Path dir;

    Path before;
    Path after;

    @BeforeEach
    void setUp() throws Exception {
        before = dir.resolve("before.db");
        after = dir.resolve("after.db");
        Random random = new Random(7);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + before); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT, n INT, data BLOB)");
            s.execute("CREATE TABLE log(msg TEXT)");
            s.execute("CREATE TABLE pairs(a INT, b INT, v TEXT, PRIMARY KEY (a, b))");
            s.execute("CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID");
            s.execute("CREATE TABLE backwards(id INTEGER PRIMARY KEY DESC, v TEXT)");
            s.execute("CREATE TABLE gone(id INTEGER PRIMARY KEY)");
            s.execute("INSERT INTO gone VALUES (1)");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= 3000; i++) {
                    byte[] data = new byte[i % 50 == 0 ? 10_000 : 100];
                    random.nextBytes(data);
                    p.setInt(1, i);
                    p.setString(2, "item " + i);
                    p.setInt(3, i);
                    p.setBytes(4, data);
                    p.executeUpdate();
                }
            }
            for (int i = 0; i < 2000; i++) {
                s.execute("INSERT INTO log VALUES ('line " + i + "')");
                s.execute("INSERT INTO pairs VALUES (" + i % 40 + ", " + i + ", 'v')");
                s.execute("INSERT INTO kv VALUES ('key " + i + "', 'v')");
                s.execute("INSERT INTO backwards VALUES (" + i + ", 'v')");
            }
            c.commit();
        }
        Files.copy(before, after);
    }

    /** A day of changes: the counts every table should show afterwards. */
    private Map<String, List<Long>> change(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO items(name, n) VALUES ('a', 1), ('b', 2), ('c', 3), ('d', 4), ('e', 5), ('f', 6), ('g', 7)");
            s.execute("DELETE FROM items WHERE id BETWEEN 10 AND 14");
            s.execute("UPDATE items SET name = 'renamed' WHERE id IN (500, 1500, 2500)");
            s.execute("UPDATE items SET n = -1 WHERE id = 2999");
            lastByteFlipped(c, "items", 100);
            s.execute("DELETE FROM log WHERE rowid IN (3, 1000)");
            s.execute("INSERT INTO log VALUES ('x'), ('y'), ('z')");
            s.execute("UPDATE pairs SET v = 'w' WHERE b IN (1, 2, 3, 4)");
            s.execute("DELETE FROM pairs WHERE b = 5");
            s.execute("INSERT INTO pairs VALUES (99, 1, 'n'), (99, 2, 'n')");
            s.execute("UPDATE kv SET v = 'w' WHERE k IN ('key 1', 'key 2')");
            s.execute("INSERT INTO kv VALUES ('new', 'v')");
            s.execute("UPDATE backwards SET v = 'w' WHERE id = 7");
            s.execute("DROP TABLE gone");
            s.execute("CREATE TABLE fresh(id INTEGER PRIMARY KEY)");
        }
        Map<String, List<Long>> expected = new TreeMap<>();
        expected.put("backwards", List.of(0L, 0L, 1L));
        expected.put("items", List.of(7L, 5L, 5L));
        expected.put("kv", List.of(1L, 0L, 2L));
        expected.put("log", List.of(3L, 2L, 0L));
        expected.put("pairs", List.of(2L, 1L, 4L));
        return expected;
    }

    /** The same length, the last byte changed: SQLite overwrites the cell in place, so only an overflow page differs. */
    private static void lastByteFlipped(Connection c, String table, int id) throws Exception {
        byte[] data;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT data FROM " + table + " WHERE id = " + id)) {
            data = rs.getBytes(1);
        }
        data[data.length - 1] ^= 1;
        try (PreparedStatement p = c.prepareStatement("UPDATE " + table + " SET data = ? WHERE id = " + id)) {
            p.setBytes(1, data);
            p.executeUpdate();
        }
    }

    private Map<String, List<Long>> changeAfter(String... more) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + after); Statement s = c.createStatement()) {
            Map<String, List<Long>> expected = change(c);
            for (String sql : more) {
                s.execute(sql);
            }
            return expected;
        }
    }

    /** The diff's counts per table, and the tables whose counts came from their changed pages. */
    private record Counted(Map<String, List<Long>> counts, List<String> schema, List<String> byPages) {}

    private Counted diff(boolean usePages) throws Exception {
        try (Connection c = Sqlite.openImmutable(before); Statement s = c.createStatement();
                SharedPages pages = usePages ? SharedPages.open(before, after, Cancellation.none()) : null) {
            s.execute("ATTACH DATABASE '" + Sqlite.attachName(after, null).replace("'", "''") + "' AS other");
            TableDiffer differ = new TableDiffer(c, c, List.of(), false, false, 10, Cancellation.none()).withPages(pages);
            DiffResult r = differ.diff("a", "b");
            Map<String, List<Long>> counts = new TreeMap<>();
            for (DiffResult.TableDiff t : r.tables()) {
                counts.put(t.table(), List.of(t.added(), t.removed(), t.changed()));
            }
            return new Counted(counts, r.schema(), differ.tablesCountedByPages());
        }
    }

    @Test
    void aDayOfChangesIsCountedFromTheChangedPagesOfRowidTablesAlone() throws Exception {
        Map<String, List<Long>> expected = changeAfter();
        Counted fast = diff(true);
        Counted whole = diff(false);
        assertEquals(expected, fast.counts());
        assertEquals(whole, new Counted(fast.counts(), fast.schema(), List.of()));
        assertEquals(List.of("items", "log"), fast.byPages());
        assertTrue(fast.schema().containsAll(List.of("table removed: gone", "table added: fresh")), fast.schema().toString());
    }

    /** The whole result with rows listed (both sides read in key order on two connections). */
    private DiffResult listed(boolean usePages, boolean values, int limit, List<String> byPages) throws Exception {
        try (Connection a = Sqlite.openImmutable(before); Connection b = Sqlite.openImmutable(after);
                SharedPages pages = usePages ? SharedPages.open(before, after, Cancellation.none()) : null) {
            TableDiffer differ = new TableDiffer(a, b, List.of(), true, values, limit, Cancellation.none()).withPages(pages);
            DiffResult r = differ.diff("a", "b");
            byPages.addAll(differ.tablesCountedByPages());
            return r;
        }
    }

    @Test
    void listedRowsAndValuesAreTheSameFromTheChangedPagesAlone() throws Exception {
        changeAfter();
        for (int limit : new int[] {3, 100_000}) {
            List<String> byPages = new ArrayList<>();
            DiffResult fast = listed(true, true, limit, byPages);
            assertEquals(listed(false, true, limit, new ArrayList<>()), fast);
            assertEquals(List.of("items", "log"), byPages);
            assertEquals(listed(false, false, limit, new ArrayList<>()), listed(true, false, limit, new ArrayList<>()));
        }
        DiffResult.TableDiff items = listed(true, true, 100, new ArrayList<>()).tables().stream()
                .filter(t -> t.table().equals("items")).findFirst().orElseThrow();
        assertEquals(17, items.rows().size());
        assertTrue(items.rows().stream().anyMatch(r -> r.key().equals(List.of("100")) && r.kind() == DiffResult.Kind.CHANGED));
    }

    @Test
    void aVacuumMovesEveryPageAndTheCountsStayTheSame() throws Exception {
        Map<String, List<Long>> expected = changeAfter("VACUUM");
        expected.put("log", List.of(1L, 0L, 1998L)); // VACUUM numbers the rowids of a table without a key anew
        Counted fast = diff(true);
        assertEquals(expected, fast.counts());
        assertEquals(diff(false).counts(), fast.counts());
    }

    @Test
    void aPageSizeChangeComparesWholeTables() throws Exception {
        Map<String, List<Long>> expected = changeAfter("PRAGMA page_size = 8192", "VACUUM");
        expected.put("log", List.of(1L, 0L, 1998L)); // VACUUM numbers the rowids of a table without a key anew
        assertNull(SharedPages.open(before, after, Cancellation.none()));
        Counted fast = diff(true);
        assertEquals(expected, fast.counts());
        assertEquals(List.of(), fast.byPages());
    }

    @Test
    void aTableDroppedAndMadeAgainWithTheSameDefinitionIsCountedRight() throws Exception {
        Map<String, List<Long>> expected = changeAfter("DROP TABLE log", "CREATE TABLE log(msg TEXT)",
                "WITH RECURSIVE n(v) AS (SELECT 0 UNION ALL SELECT v + 2 FROM n WHERE v < 1998)"
                        + " INSERT INTO log SELECT 'line ' || v FROM n");
        expected.put("log", List.of(0L, 1000L, 999L)); // rowid 1 is 'line 0' on both sides, the others moved
        Counted fast = diff(true);
        assertEquals(diff(false).counts(), fast.counts());
        assertEquals(expected, fast.counts());
    }

    @Test
    void aColumnAddedOnOneSideComparesThatTableWhole() throws Exception {
        Map<String, List<Long>> expected = changeAfter("ALTER TABLE log ADD COLUMN level INT DEFAULT 3");
        Counted fast = diff(true);
        assertEquals(expected, fast.counts());
        assertFalse(fast.byPages().contains("log"));
        assertTrue(fast.byPages().contains("items"));
    }

    @Test
    void identicalFilesShareEveryPage() throws Exception {
        try (SharedPages pages = SharedPages.open(before, after, Cancellation.none())) {
            assertNotNull(pages);
        }
        Counted fast = diff(true);
        assertTrue(fast.counts().values().stream().allMatch(v -> v.equals(List.of(0L, 0L, 0L))), fast.toString());
        assertEquals(List.of("gone", "items", "log"), fast.byPages());
    }

    @Test
    void aChangeOnlyAnOverflowPageHoldsIsFound() throws Exception {
        Path one = dir.resolve("one.db");
        Path two = dir.resolve("two.db");
        byte[] data = new byte[20_000];
        new Random(1).nextBytes(data);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + one); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big(id INTEGER PRIMARY KEY, data BLOB)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO big VALUES (1, ?)")) {
                p.setBytes(1, data);
                p.executeUpdate();
            }
        }
        Files.copy(one, two);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + two)) {
            lastByteFlipped(c, "big", 1);
        }
        int root;
        try (Connection c = Sqlite.openImmutable(one); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = 'big'")) {
            root = rs.getInt(1);
        }
        try (RawPages a = RawPages.open(one); RawPages b = RawPages.open(two)) {
            RawPages.Delta delta = a.compare(b, Cancellation.none());
            assertFalse(delta.differs(root), "the leaf itself is the same");
            assertEquals(Boolean.FALSE, delta.overflowUnchanged(root));
        }
        try (SharedPages pages = SharedPages.open(one, two, Cancellation.none())) {
            assertEquals("[[1,1]]", SharedPages.json(pages.changedRanges(root, root, Cancellation.none())));
        }
    }

    @Test
    void rangesAreMergedWhereTheyOverlapAndKeptApartOtherwise() {
        List<long[]> ranges = new ArrayList<>(List.of(new long[] {10, 20}, new long[] {-5, -1}, new long[] {15, 30},
                new long[] {31, 31}, new long[] {Long.MAX_VALUE - 1, Long.MAX_VALUE}));
        assertEquals("[[-5,-1],[10,30],[31,31],[9223372036854775806,9223372036854775807]]",
                SharedPages.json(SharedPages.merged(ranges)));
    }
}
