package app.lifeboat.core.create;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.Storage;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.sqlite.PinnedSource;
import app.lifeboat.testing.TestDatabases;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the database file itself holds the state a read transaction pins, a backup is that file
 * copied directly; when the WAL holds frames, it is not (SQLite's backup API reads them).
 */
class PinnedCopyTest {
    @TempDir
    Path dir;

    BackupService service;
    Path db;

    @BeforeEach
    void setUp() throws Exception {
        service = new BackupService(new LifeboatHome(dir.resolve("home")), Clock.systemUTC(), new HashMap<>());
        db = TestDatabases.create(dir.resolve("app.db"), 3000);
        service.add(db, DatabaseOptions.none());
        service.setStorage("app", Storage.FULL); // these tests look at the stored file
        service.update("app", new DatabaseOptions(null, null, null, null, null, null, null, "none", null, null,
                null, null, false, null, null, null, null));
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private BackupRecord backup() {
        return service.create("app", new CreateRequest(BackupType.MANUAL, true, List.of(), null), Secrets.none(),
                ProgressListener.NONE, Cancellation.none()).created().backup();
    }

    @Test
    void backupOfAnIdleWalDatabaseIsItsFileWithTheHeaderInRollbackMode() throws Exception {
        byte[] source = Files.readAllBytes(db);
        assertEquals(2, source[18], "the premise: a WAL database");

        BackupRecord r = backup();

        byte[] stored = Files.readAllBytes(service.home().defaultDestination().resolve("app").resolve(r.file()));
        source[18] = 1;
        source[19] = 1;
        // SQLite's backup API would have bumped the change counter and the schema cookie.
        assertArrayEquals(source, stored);
        assertEquals(3000L, r.tables().get("notes"));
    }

    @Test
    void anIdleAppsWalFramesAreCheckpointedIntoTheFileWhichIsThenReadDirectly() throws Exception {
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        try (Connection app = TestDatabases.writeOnlyToWal(db, 500, "wal-only")) {
            assertTrue(Files.size(wal) > 32, "the premise: the app's commits are in its -wal only");
            try (PinnedSource pin = PinnedSource.pin(db)) {
                assertTrue(pin.fileIsSnapshot(), "a passive checkpoint copied every frame into the file");
                Path copy = dir.resolve("copy.db");
                try (InputStream in = pin.openFile()) {
                    Files.copy(in, copy);
                }
                assertEquals(3500L, TestDatabases.count(copy, "SELECT count(*) FROM notes"), "the file holds the WAL's rows");
            }
            BackupRecord r = backup();
            assertEquals(3500L, r.tables().get("notes"));
            TestDatabases.insertNotes(app, 10, "after"); // the app's connection goes on as before
            assertEquals(3510L, TestDatabases.count(db, "SELECT count(*) FROM notes"));
        }
    }

    @Test
    void framesAReaderStillNeedsKeepTheCopyThroughSqliteAndItsRowsAreInTheBackup() throws Exception {
        try (Connection app = TestDatabases.writeOnlyToWal(db, 500, "first");
                Connection reader = TestDatabases.open(db); Statement s = reader.createStatement()) {
            reader.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM notes").close(); // a read transaction on the first 500 rows' frames
            TestDatabases.insertNotes(app, 100, "second"); // frames past its read mark: no checkpoint may copy them
            try (PinnedSource pin = PinnedSource.pin(db)) {
                assertFalse(pin.fileIsSnapshot(), "the file lacks the frames the other reader holds back");
            }
            BackupRecord r = backup();
            assertEquals(3600L, r.tables().get("notes"));
            reader.rollback();
        }
    }

    @Test
    void aRollbackJournalDatabaseIsCopiedDirectlyWhileItsLockIsHeld() throws Exception {
        Path rollback = dir.resolve("rollback.db");
        try (Connection c = TestDatabases.open(rollback); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x)");
            s.execute("INSERT INTO t VALUES (1), (2)");
        }
        try (PinnedSource pin = PinnedSource.pin(rollback)) {
            assertTrue(pin.fileIsSnapshot());
            assertTrue(pin.blocksWriters());
            assertArrayEquals(Files.readAllBytes(rollback), pin.openFile().readAllBytes());
        }
    }
}
