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
    void aWalWithCommittedFramesIsNotCopiedDirectlyButItsRowsAreInTheBackup() throws Exception {
        try (Connection writer = TestDatabases.writeOnlyToWal(db, 500, "wal-only")) {
            try (PinnedSource pin = PinnedSource.pin(db)) {
                assertFalse(pin.fileIsSnapshot(), "the file lacks the frames in the -wal");
            }
            BackupRecord r = backup();
            assertEquals(3500L, r.tables().get("notes"));
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
