package app.lifeboat.ui.main;

import java.sql.Statement;
import java.sql.Connection;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.config.Storage;
import static app.lifeboat.ui.FxToolkit.onFx;
import static app.lifeboat.ui.FxToolkit.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.KeepRules;
import app.lifeboat.core.io.DatabaseLock;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.health.DatabaseHealth;
import app.lifeboat.core.health.Warning;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.ui.FxToolkit;
import app.lifeboat.ui.common.ActivityEntry;
import app.lifeboat.ui.common.Format;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import app.lifeboat.ui.common.UiPreferences;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The main view model and its commands against a real engine, without a window or robot. */
@ExtendWith(FxToolkit.class)
class MainViewModelTest {
    @TempDir
    Path dir;

    private final List<String> errors = new ArrayList<>();
    private ExecutorService executor;
    private BackupService service;
    private MainViewModel model;
    private MainCommands commands;

    @BeforeEach
    void setUp() throws Exception {
        executor = Executors.newFixedThreadPool(2);
        LifeboatHome home = new LifeboatHome(dir.resolve("home"));
        service = new BackupService(home);
        Messages messages = Messages.load(Locale.ROOT);
        OperationRunner runner = new OperationRunner(executor, messages, (t, s, d) -> errors.add(s), service.clock());
        model = onFx(() -> new MainViewModel(service, executor, messages, new Format(messages, ZoneId.of("UTC")),
                new UiPreferences(service, executor).load(), runner));
        commands = new MainCommands(model, messages);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        service.close();
    }

    private void reloadAndWait() throws Exception {
        onFx(model::reload);
        waitIdle();
    }

    private void waitIdle() throws Exception {
        waitUntil(() -> model.loadedProperty().get() && model.idleBinding().get(), 30);
    }

    @Test
    void anEmptyHomeIsTheFirstRunState() throws Exception {
        reloadAndWait();
        assertTrue(onFx(() -> model.emptyProperty().get()));
        assertNull(onFx(() -> model.selectedNameProperty().get()));
        assertEquals("", onFx(() -> model.attentionProperty().get()));
    }

    @Test
    void aNewDatabaseNeedsAttentionUntilItsFirstBackup() throws Exception {
        service.add(TestDatabases.create(dir.resolve("app.db"), 20), DatabaseOptions.none());
        reloadAndWait();
        assertEquals("app", onFx(() -> model.selectedNameProperty().get()));
        assertEquals(DatabaseHealth.Level.ERROR, onFx(() -> model.databases().get(0).level()));
        assertTrue(onFx(() -> model.banners().stream().anyMatch(b -> b.warning().code() == Warning.Code.NEVER_BACKED_UP
                && b.action() == Banner.Action.BACK_UP_NOW)));
        assertTrue(onFx(() -> model.titleProperty().get().contains("1 need attention")));

        onFx(commands::backUpNow);
        waitIdle();
        assertEquals(1, onFx(() -> model.backups().size()));
        assertTrue(onFx(() -> model.banners().isEmpty()));
        assertEquals(DatabaseHealth.Level.OK, onFx(() -> model.databases().get(0).level()));
        assertEquals(ActivityEntry.Outcome.OK, onFx(() -> model.runner().activity().get(0).outcome()));
        assertEquals(1, onFx(() -> model.statsProperty().get().count()));
        assertTrue(onFx(() -> model.latestGood().isPresent()));
    }

    @Test
    void backupsAtTheFormerDestinationStayInTheTableAndTheDatabaseIsNotNeverBackedUp() throws Exception {
        Path oldDest = Files.createDirectories(dir.resolve("old"));
        service.add(TestDatabases.create(dir.resolve("app.db"), 20),
                new DatabaseOptions("app", oldDest.toString(), null, null, null, null, null));
        service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none());
        service.update("app", new DatabaseOptions(null, Files.createDirectories(dir.resolve("new")).toString(),
                null, null, null, null, null));
        reloadAndWait();
        assertEquals(1, onFx(() -> model.backups().size()));
        String where = onFx(() -> model.backups().get(0).description());
        assertTrue(where.contains("at the former destination " + oldDest.resolve("app")), where);
        assertEquals(DatabaseHealth.Level.OK, onFx(() -> model.databases().get(0).level()));
        assertTrue(onFx(() -> model.latestGood().isPresent()), "one click restores from the old folder");
    }

    @Test
    void aVersionOfTheIncrementalStoreShowsTheBytesOnlyItHoldsAndAllItUses() throws Exception {
        Path db = TestDatabases.create(dir.resolve("app.db"), 5000);
        service.add(db, DatabaseOptions.none());
        service.setStorage("app", Storage.INCREMENTAL);
        service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none());
        try (Connection c = TestDatabases.open(db); Statement st = c.createStatement()) {
            st.execute("UPDATE notes SET body = 'x' WHERE id < 10");
        }
        service.create("app", new CreateRequest(BackupType.MANUAL, true, List.of(), null), Secrets.none(),
                ProgressListener.NONE, Cancellation.none());
        reloadAndWait();
        assertEquals(2, onFx(() -> model.backups().size()));
        BackupRow newest = onFx(() -> model.backups().get(0));
        long unique = service.versionSizes("app", Cancellation.none()).stream()
                .filter(v -> v.versionId().equals(newest.id())).findFirst().orElseThrow().uniqueBytes();
        assertEquals(unique, newest.stored().bytes());
        assertTrue(newest.description().contains("incremental: uses"), newest.description());
    }

    @Test
    void aCancelledBackupIsListedAsCancelledAndShowsNoError() throws Exception {
        // Big enough that the backup is still running when its first progress reaches the window,
        // so the cancel always lands inside the engine's work (not before the task started).
        service.add(TestDatabases.create(dir.resolve("app.db"), 300_000), DatabaseOptions.none());
        reloadAndWait();
        onFx(() -> {
            model.runner().progressProperty().addListener((o, was, now) -> {
                if (now.doubleValue() > 0) {
                    model.runner().cancel();
                }
            });
            commands.backUpNow();
            return null;
        });
        waitIdle();
        assertEquals(ActivityEntry.Outcome.CANCELLED, onFx(() -> model.runner().activity().get(0).outcome()));
        assertEquals(0, onFx(() -> model.backups().size()));
        assertEquals(List.of(), errors);
    }

    @Test
    void aDatabaseLockedByAScheduledRunElsewhereIsShownAsBusyNotAsAnError() throws Exception {
        service.add(TestDatabases.create(dir.resolve("app.db"), 20), DatabaseOptions.none());
        reloadAndWait();
        try (DatabaseLock osTimer = DatabaseLock.acquire(service.home().locksDir(), "app", "scheduled backup")) {
            reloadAndWait();
            String running = onFx(() -> model.selectedProperty().get().running());
            assertTrue(running != null && running.startsWith("scheduled backup (pid "), running);
            onFx(commands::backUpNow);
            waitIdle();
        }
        ActivityEntry e = onFx(() -> model.runner().activity().get(0));
        assertEquals(ActivityEntry.Outcome.BUSY, e.outcome());
        assertTrue(e.message().contains("cheduled backup (pid "), e.message());
        assertEquals(List.of(), errors, "issue 11: an error dialog said the database was busy");
    }

    @Test
    void everyBackupRetentionRemovesIsNamedInTheActivityPanel() throws Exception {
        service.add(TestDatabases.create(dir.resolve("app.db"), 20),
                new DatabaseOptions(null, null, 1, null, null, null, null));
        service.update("app", new DatabaseOptions(null, null, null, null, null, null, null, null, null, null, null,
                null, false, null, null, null, null, null, null, new KeepRules(0, 0, 0, 0, 0, 0)));
        reloadAndWait();
        onFx(commands::backUpNow);
        waitIdle();
        String first = onFx(() -> model.backups().get(0).id());
        onFx(commands::backUpNow);
        waitIdle();
        String line = onFx(() -> model.runner().activity().get(0).message());
        assertTrue(line.contains("Retention removed 1 older backup(s): " + first), line);
    }

    @Test
    void anEngineErrorReachesTheErrorSinkAsOneSentence() throws Exception {
        service.add(TestDatabases.create(dir.resolve("app.db"), 20), DatabaseOptions.none());
        reloadAndWait();
        Files.delete(dir.resolve("app.db"));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        try {
            onFx(commands::backUpNow);
            waitIdle();
        } finally {
            root.detachAppender(log);
        }
        List<ILoggingEvent> logged = log.list.stream().filter(e -> e.getThrowableProxy() != null).toList();
        assertEquals(1, logged.size(), "the failure is logged once, with its stack trace: " + log.list);
        assertTrue(logged.get(0).getLoggerName().endsWith("OperationRunner"), logged.get(0).getLoggerName());
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("The database file"), errors.get(0));
        ActivityEntry e = onFx(() -> model.runner().activity().get(0));
        assertEquals(ActivityEntry.Outcome.FAILED, e.outcome());
        assertTrue(e.details().contains("LifeboatException"));
        assertTrue(onFx(() -> model.banners().stream().anyMatch(b -> b.warning().code() == Warning.Code.SOURCE_MISSING)));
    }

    @Test
    void everyWarningHasABannerAction() {
        for (Warning.Code code : Warning.Code.values()) {
            Banner b = Banner.of(new Warning(code, Warning.Severity.ERROR, "x"));
            assertEquals(code != Warning.Code.UNREADABLE_METADATA, b.action() != Banner.Action.NONE, code.name());
        }
    }

    @Test
    void theActivityPanelStartsWithTheLastRunsRecordedOnDisk() throws Exception {
        service.add(TestDatabases.create(dir.resolve("app.db"), 20), DatabaseOptions.none());
        String id = service.create("app", CreateRequest.manual(), Secrets.none(),
                ProgressListener.NONE, Cancellation.none()).created().backup().id();
        reloadAndWait();
        ActivityEntry e = onFx(() -> model.runner().activity().get(0));
        assertEquals(ActivityEntry.Outcome.OK, e.outcome());
        assertTrue(e.message().contains(id), e.message());
        reloadAndWait();
        assertEquals(1, onFx(() -> model.runner().activity().size()), "history is read once, not on every reload");
    }
}
