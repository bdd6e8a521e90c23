package app.lifeboat.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.verify.VerifyOutcome;
import app.lifeboat.core.verify.VerifyRequest;
import app.lifeboat.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A backup opened once and browsed: keyset pages equal SQLite's own answer, writes refused, nothing left behind. */
class BackupBrowserTest {
    @TempDir
    Path dir;

    BackupService service;
    Path db;
    String id;

    @BeforeEach
    void setUp() throws Exception {
        service = new BackupService(new LifeboatHome(dir.resolve("home")));
        db = TestDatabases.create(dir.resolve("app.db"), 5000);
        try (Connection c = TestDatabases.open(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE pairs(a TEXT, b INTEGER, v TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO pairs VALUES (?, ?, ?)")) {
                for (int i = 0; i < 700; i++) {
                    p.setString(1, "k" + (i % 13));
                    p.setInt(2, i * 7 % 101 - 50 + i * 1000);
                    p.setString(3, "v" + i);
                    p.executeUpdate();
                }
            }
        }
        service.add(db, DatabaseOptions.none());
        id = service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none())
                .created().backup().id();
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private BackupBrowser browse() {
        return service.inspector().browse("app", id, Secrets.none(), ProgressListener.NONE, Cancellation.none());
    }

    /** What SQLite itself answers on the source (unchanged since the backup), as text. */
    private List<List<String>> direct(String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = TestDatabases.open(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(SqlValues.text(rs.getObject(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<Path> filesUnder(Path folder) throws Exception {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private long scratchFiles() throws Exception {
        Path tmp = dir.resolve("home/tmp");
        if (!Files.exists(tmp)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void theFirstAndAFarPageAreWhatSqliteReturnsForTheSameRows() throws Exception {
        try (BackupBrowser b = browse()) {
            BackupBrowser.RowPage first = b.page("notes", null, 100);
            assertEquals(List.of("id", "user_id", "body", "data"), first.columns());
            assertEquals(List.of("rowid"), first.keyColumns());
            assertEquals(direct("SELECT * FROM notes ORDER BY rowid LIMIT 100"), first.rows());
            assertTrue(first.more());
            BackupBrowser.RowPage page = first;
            for (int n = 2; n <= 37; n++) {
                page = b.page("notes", page.lastKey(), 100);
            }
            assertEquals(direct("SELECT * FROM notes ORDER BY rowid LIMIT 100 OFFSET 3600"), page.rows());
            long seen = 3700;
            while (page.more()) {
                page = b.page("notes", page.lastKey(), 100);
                seen += page.rows().size();
            }
            assertEquals(5000, seen, "every row once, and the last page says no more follow");
        }
    }

    @Test
    void aWithoutRowidTableIsPagedByItsCompositeKey() throws Exception {
        List<List<String>> all = new ArrayList<>();
        try (BackupBrowser b = browse()) {
            BackupBrowser.RowPage page = b.page("pairs", null, 9);
            assertEquals(List.of("a", "b"), page.keyColumns());
            all.addAll(page.rows());
            while (page.more()) {
                page = b.page("pairs", page.lastKey(), 9);
                all.addAll(page.rows());
            }
            assertEquals(List.of(List.of("owner", "tests"), List.of("schema", "1")), b.page("kv", null, 10).rows());
        }
        assertEquals(700, all.size());
        assertEquals(direct("SELECT * FROM pairs ORDER BY a, b"), all);
    }

    @Test
    void tablesHaveTheirRowCountsAndSql() {
        try (BackupBrowser b = browse()) {
            SchemaObject notes = b.tables().stream().filter(o -> o.name().equals("notes")).findFirst().orElseThrow();
            assertEquals(5000L, notes.rows());
            assertTrue(notes.sql().startsWith("CREATE TABLE notes"), notes.sql());
            assertEquals("app", b.database());
            assertEquals(id, b.backup().id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete from notes", "insert into users(name) values ('x')", "drop table kv",
        "attach database 'other.db' as o"})
    void writesAreRefusedAndTheBackupStillVerifies(String sql) {
        try (BackupBrowser b = browse()) {
            LifeboatException e = assertThrows(LifeboatException.class, () -> b.query(sql, 10));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
            assertEquals(List.of(List.of("3")), b.query("select count(*) from users", 10).rows(), "still usable");
        }
        List<VerifyOutcome> v = service.verify("app", VerifyRequest.one(id), Secrets.none(), ProgressListener.NONE,
                Cancellation.none());
        assertTrue(v.get(0).result().ok(), v.get(0).result().summary());
        assertFalse(Files.exists(dir.resolve("home/tmp/app/other.db")));
    }

    /**
     * VACUUM INTO is refused, but SQLite creates its target file before it finds the connection
     * read-only: an empty file, with nothing of the backup in it.
     */
    @Test
    void vacuumIntoIsRefusedAndWritesNothingOfTheBackup() {
        Path copy = dir.resolve("copy.db");
        try (BackupBrowser b = browse()) {
            LifeboatException e = assertThrows(LifeboatException.class, () -> b.query("vacuum into '" + copy + "'", 10));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
        }
        assertTrue(!Files.exists(copy) || copy.toFile().length() == 0, "nothing of the backup was written");
    }

    /** The connection lives as long as the window: a setting made by one query must not open the door to the next. */
    @Test
    void aWritableSchemaSettingDoesNotLetALaterStatementWrite() {
        try (BackupBrowser b = browse()) {
            try {
                b.query("pragma writable_schema = 1", 10);
            } catch (LifeboatException refused) {
                assertEquals(ErrorCode.INVALID_ARGUMENT, refused.code());
            }
            LifeboatException e = assertThrows(LifeboatException.class, () -> b.query(
                    "update sqlite_schema set sql = 'CREATE TABLE kv(x)' where name = 'kv'", 10));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
            assertEquals(2, b.page("kv", null, 10).rows().size());
        }
    }

    @Test
    void theDecodedCopyIsGoneOnceClosed() throws Exception {
        BackupBrowser b = browse();
        assertEquals(1, scratchFiles(), "a compressed backup is decoded into the private scratch folder");
        b.page("notes", null, 10);
        b.close();
        assertEquals(0, scratchFiles());
    }

    @Test
    void openingCancelledWhileDecodingLeavesNothingBehind() throws Exception {
        Cancellation cancel = new Cancellation();
        LifeboatException e = assertThrows(LifeboatException.class, () -> service.inspector().browse("app", id, Secrets.none(),
                (phase, done, total) -> cancel.cancel(), cancel));
        assertEquals(ErrorCode.CANCELLED, e.code(), e.getMessage());
        assertEquals(0, scratchFiles());
    }

    @Test
    void aSqlCipherBackupIsBrowsedWithItsKeyAndItsDecodedCopyStaysEncrypted() throws Exception {
        Path enc = TestDatabases.createSqlCipher(dir.resolve("secret.db"), "k3y");
        try (BackupService s = new BackupService(new LifeboatHome(dir.resolve("home2")), Clock.systemUTC(),
                Map.of("SECRET_KEY", "k3y"))) {
            s.add(enc, new DatabaseOptions("secret", null, null, null, null, null, null, null, null, null, null, null,
                    false, null, null, "SECRET_KEY", null));
            s.create("secret", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none());
            try (BackupBrowser b = s.inspector().browse("secret", null, Secrets.none(), ProgressListener.NONE, Cancellation.none())) {
                assertEquals(List.of(List.of("1", "x")), b.page("t", null, 10).rows());
                // Backups of an encrypted database may be stored uncompressed and opened where they lie.
                for (Path f : filesUnder(dir.resolve("home2/tmp"))) {
                    byte[] head = Arrays.copyOf(Files.readAllBytes(f), 16);
                    assertFalse(new String(head, StandardCharsets.ISO_8859_1).startsWith("SQLite format 3"), f.toString());
                }
            }
        }
        assertEquals(List.of(), filesUnder(dir.resolve("home2/tmp")), "the decoded copy is gone");
    }

    @Test
    void aRunningQueryIsCancelledAndTheBrowserStaysUsable() throws Exception {
        try (BackupBrowser b = browse()) {
            CompletableFuture<QueryResult> endless = CompletableFuture.supplyAsync(() -> b.query(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n", 10));
            while (!endless.isDone()) {
                b.cancel(); // nothing to stop until the statement runs: ask again until it has ended
                Thread.onSpinWait();
            }
            ExecutionException e = assertThrows(ExecutionException.class, endless::get);
            assertEquals(ErrorCode.CANCELLED, ((LifeboatException) e.getCause()).code(), e.getCause().getMessage());
            assertEquals(List.of(List.of("1")), b.query("select 1", 10).rows());
        }
    }

    @Test
    void theLiveRowCountIsReadFromTheDatabaseNow() throws Exception {
        try (Connection c = TestDatabases.open(db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM notes WHERE id > 4000");
            s.execute("DROP TABLE pairs");
        }
        try (BackupBrowser b = browse()) {
            assertEquals(OptionalLong.of(4000), b.currentRows("notes"));
            assertEquals(OptionalLong.empty(), b.currentRows("pairs"));
            assertEquals(5000L, b.tables().stream().filter(o -> o.name().equals("notes")).findFirst().orElseThrow().rows());
        }
    }

    @Test
    void aPageOfSomethingThatIsNotATableIsAClearError() {
        try (BackupBrowser b = browse()) {
            LifeboatException e = assertThrows(LifeboatException.class, () -> b.page("notes_user", null, 10));
            assertTrue(e.getMessage().contains("has no table named notes_user"), e.getMessage());
        }
    }
}
