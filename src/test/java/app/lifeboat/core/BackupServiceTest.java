package app.lifeboat.core;

import app.lifeboat.core.verify.VerifyRequest;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.Storage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.create.CreateResult;
import app.lifeboat.core.restore.RestoreRequest;
import app.lifeboat.core.restore.RestoreResult;
import app.lifeboat.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupServiceTest {
    @TempDir
    Path dir;

    BackupService service;
    Path db;

    @BeforeEach
    void setUp() throws Exception {
        service = new BackupService(new LifeboatHome(dir.resolve("home")));
        db = TestDatabases.create(dir.resolve("app.db"), 500);
        service.add(db, DatabaseOptions.none());
        service.setStorage("app", Storage.FULL); // these tests look at the stored file
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    @Test
    void backupCapturesRowsThatAreOnlyInTheWal() throws Exception {
        service.update("app", new DatabaseOptions(null, null, null, null, null, null, null, "none", null, null, null,
                null, false, null, null, null, null));
        try (Connection writer = TestDatabases.writeOnlyToWal(db, 100, "wal-only")) {
            assertTrue(Files.size(db.resolveSibling("app.db-wal")) > 0, "the test needs un-checkpointed data");
            CreateResult result = service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none());
            BackupRecord r = result.created().backup();
            assertEquals(BackupStatus.OK, r.status());
            assertEquals(600L, r.tables().get("notes"));
            Path stored = service.home().defaultDestination().resolve("app").resolve(r.file());
            assertEquals(600, TestDatabases.count(stored, "SELECT count(*) FROM notes"));
            assertFalse(Files.exists(stored.resolveSibling(r.file() + "-wal")));
        }
    }

    @Test
    void backupFilesArePrivate() throws Exception {
        BackupRecord r = service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE,
                Cancellation.none()).created().backup();
        Path folder = service.home().defaultDestination().resolve("app");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(r.file()))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(r.sidecarName()))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
    }

    @Test
    void verifyPassesThenRestoreBringsBackTheOldContent() throws Exception {
        BackupRecord r = service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE,
                Cancellation.none()).created().backup();
        assertTrue(service.verify("app", VerifyRequest.one(r.id()), Secrets.none(), ProgressListener.NONE,
                Cancellation.none()).get(0).result().ok());
        try (Connection c = TestDatabases.open(db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM notes WHERE id > 10");
        }
        RestoreResult result = service.restore("app", new RestoreRequest(null, null), Secrets.none(), ProgressListener.NONE,
                Cancellation.none());
        assertEquals(500, TestDatabases.count(db, "SELECT count(*) FROM notes"));
        assertNotNull(result.preRestore());
        assertEquals(BackupType.PRE_RESTORE, result.preRestore().type());
        assertEquals(10L, result.preRestore().tables().get("notes"));
    }

    @Test
    void onePerDaySkipsASecondBackupUnlessForced() {
        service.update("app", new DatabaseOptions(null, null, null, null, true, null, null));
        assertFalse(service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none()).skipped());
        assertTrue(service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none()).skipped());
        assertFalse(service.create("app", new CreateRequest(BackupType.MANUAL, true, List.of(), null), Secrets.none(),
                ProgressListener.NONE, Cancellation.none()).skipped());
    }

    @Test
    void retentionKeepsPinnedAndNewestGood() {
        service.update("app", new DatabaseOptions(null, null, 1, null, null, null, null));
        BackupRecord first = service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE,
                Cancellation.none()).created().backup();
        service.setPinned("app", first.id(), true);
        service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none());
        BackupRecord third = service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE,
                Cancellation.none()).created().backup();
        List<BackupRecord> left = service.list("app").records();
        assertEquals(List.of(third.id(), first.id()), left.stream().map(BackupRecord::id).toList());
    }

    @Test
    void addRefusesANameWithPathSeparators() {
        LifeboatException e = assertThrows(LifeboatException.class,
                () -> service.add(db, new DatabaseOptions("../evil", null, null, null, null, null, null)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }
}
