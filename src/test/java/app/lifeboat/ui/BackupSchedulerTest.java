package app.lifeboat.ui;

import static app.lifeboat.ui.FxToolkit.onFx;
import static app.lifeboat.ui.FxToolkit.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.ui.common.ActivityEntry;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The app's scheduled runs go through the window's operation runner: visible, cancellable, never colliding. */
@ExtendWith(FxToolkit.class)
class BackupSchedulerTest {
    @TempDir
    Path dir;

    private final List<String> errors = new CopyOnWriteArrayList<>();
    private ExecutorService executor;
    private BackupService service;
    private OperationRunner runner;
    private BackupScheduler scheduler;

    @BeforeEach
    void setUp() throws Exception {
        executor = Executors.newFixedThreadPool(2);
        service = new BackupService(new LifeboatHome(dir.resolve("home")));
        Messages messages = Messages.load(Locale.ROOT);
        runner = new OperationRunner(executor, messages, (t, s, d) -> errors.add(s), service.clock());
        scheduler = new BackupScheduler(service, runner, messages, outcomes -> { }, () -> { });
        service.add(TestDatabases.create(dir.resolve("app.db"), 50), DatabaseOptions.none()); // due: never backed up
    }

    @AfterEach
    void tearDown() {
        scheduler.close();
        executor.shutdownNow();
        service.close();
    }

    @Test
    void aDueBackupShowsInTheActivityPanelLikeAClick() throws Exception {
        onFx(() -> {
            scheduler.tick();
            return null;
        });
        waitUntil(() -> !runner.activity().isEmpty(), 30);
        ActivityEntry e = onFx(() -> runner.activity().get(0));
        assertEquals(ActivityEntry.Outcome.OK, e.outcome(), e.message());
        assertTrue(e.message().contains("app: backup ok"), e.message());
        assertEquals(1, service.list("app").records().size());
        assertEquals(List.of(), errors);
    }

    @Test
    void aCheckThatFindsNothingDueLeavesNoLine() throws Exception {
        service.update("app", new DatabaseOptions(null, null, null, null, null, null, null, null, null, null, null,
                null, false, null, null, null, null, "off", "off", null));
        onFx(() -> {
            scheduler.tick();
            return null;
        });
        waitUntil(() -> !runner.runningProperty().get(), 30);
        assertTrue(onFx(() -> runner.activity().isEmpty()));
        assertNull(service.running("app").orElse(null));
    }

    @Test
    void aCheckAskedForFromTheTrayAlwaysAnswersEvenWhenNothingWasDue() throws Exception {
        List<String> reports = new CopyOnWriteArrayList<>();
        onFx(() -> {
            scheduler.runNow(reports::add);
            return null;
        });
        waitUntil(() -> !reports.isEmpty(), 30);
        assertTrue(reports.get(0).contains("app: backup ok"), reports.toString());
        onFx(() -> {
            scheduler.runNow(reports::add);
            return null;
        });
        waitUntil(() -> reports.size() == 2, 30);
        assertTrue(reports.get(1).startsWith("Nothing was due"), reports.toString());
    }
}
