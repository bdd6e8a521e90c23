package app.lifeboat.ui.main;

import static app.lifeboat.ui.FxToolkit.onFx;
import static app.lifeboat.ui.FxToolkit.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.config.CopyTarget;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.platform.OsTimer;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.ui.FakeFileDialogs;
import app.lifeboat.ui.FxToolkit;
import app.lifeboat.ui.common.ActivityEntry;
import app.lifeboat.ui.common.ErrorSink;
import app.lifeboat.ui.common.Format;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import app.lifeboat.ui.common.UiPreferences;
import app.lifeboat.ui.database.DatabaseFormViewModel;
import app.lifeboat.ui.destination.DestinationsViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The main window's flows with answers given in advance: no window, no robot. */
@ExtendWith(FxToolkit.class)
class MainFlowsTest {
    @TempDir
    Path dir;

    private final AnsweringDialogs dialogs = new AnsweringDialogs();
    private final FakeFileDialogs files = new FakeFileDialogs();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private ExecutorService executor;
    private BackupService service;
    private MainViewModel model;
    private MainFlows flows;
    private UiPreferences preferences;
    private Messages messages;

    @BeforeEach
    void setUp() throws Exception {
        executor = Executors.newFixedThreadPool(2);
        service = new BackupService(new LifeboatHome(dir.resolve("home")));
        messages = Messages.load(Locale.ROOT);
        preferences = new UiPreferences(service, executor).load();
        OperationRunner runner = new OperationRunner(executor, messages, (t, s, d) -> errors.add(s), service.clock());
        model = onFx(() -> new MainViewModel(service, executor, messages, new Format(messages, ZoneId.of("UTC")),
                preferences, runner));
        flows = new MainFlows(model, new MainCommands(model, messages), messages, files, dialogs,
                executor, () -> null);
        service.add(TestDatabases.create(dir.resolve("app.db"), 20), DatabaseOptions.none());
        onFx(model::reload);
        waitIdle();
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        service.close();
    }

    private void waitIdle() throws Exception {
        waitUntil(() -> model.loadedProperty().get() && model.idleBinding().get(), 30);
    }

    @Test
    void removeAsksFirstAndDoesNothingWhenThePersonSaysNo() throws Exception {
        dialogs.answer = false;
        onFx(() -> {
            flows.remove();
            return null;
        });
        waitIdle();
        assertEquals(1, service.databases().size());
        assertTrue(dialogs.asked.get(0).contains("backups stay on disk"), dialogs.asked.get(0));

        dialogs.answer = true;
        onFx(() -> {
            flows.remove();
            return null;
        });
        waitIdle();
        assertTrue(service.databases().isEmpty());
    }

    @Test
    void replacingOldBackupsSaysWhatItDeletesAndDoesNothingWhenThePersonSaysNo() throws Exception {
        dialogs.answer = false;
        onFx(() -> {
            flows.rekeyBackups("3 backup(s) of app were made under a previous key.");
            return null;
        });
        waitIdle();
        assertTrue(dialogs.asked.get(0).contains("deletes every backup made under a previous key")
                && dialogs.asked.get(0).contains("3 backup(s)"), dialogs.asked.get(0));
        assertEquals(List.of(), onFx(() -> List.copyOf(model.runner().activity())), "nothing ran");
    }

    @Test
    void addingAnEncryptedDatabaseOpensTheFormForItsKeyInsteadOfRefusing() throws Exception {
        Path enc = TestDatabases.createSqlCipher(dir.resolve("secret.db"), "k3y");
        files.database = enc;
        onFx(() -> {
            flows.addDatabase();
            return null;
        });
        waitUntil(() -> !dialogs.forms.isEmpty(), 30);
        assertTrue(dialogs.forms.get(0).encrypted(), "the form knows it must ask for the key");
        assertEquals(List.of(), errors, "issue 11: adding a SQLCipher database was refused before the form");
    }

    @Test
    void quittingWhileABackupRunsAsksFirstThenCancelsIt() throws Exception {
        assertTrue(onFx(flows::mayQuit), "nothing running: quitting is allowed");
        if (OsTimer.installed()) {
            assertEquals(List.of(), dialogs.asked, "the OS timer protects the schedules: no question");
        } else {
            assertTrue(dialogs.asked.get(0).contains("run only while Lifeboat is open"),
                    "says which protection remains: " + dialogs.asked);
        }
        dialogs.asked.clear();
        service.add(TestDatabases.create(dir.resolve("big.db"), 300_000), DatabaseOptions.none());
        onFx(() -> {
            model.select("big");
            return null;
        });
        waitIdle();
        MainCommands commands = new MainCommands(model, Messages.load(Locale.ROOT));
        onFx(commands::backUpNow);
        waitUntil(() -> model.runner().progressProperty().get() > 0, 30);
        dialogs.answer = false;
        assertFalse(onFx(flows::mayQuit), "the person said no: the window stays");
        dialogs.answer = true;
        assertTrue(onFx(flows::mayQuit));
        waitIdle();
        assertEquals(ActivityEntry.Outcome.CANCELLED, onFx(() -> model.runner().activity().get(0).outcome()));
        assertTrue(service.list("big").records().isEmpty(), "the cancelled backup left no backup behind");
    }

    @Test
    void anErrorDialogOffersTheWindowsButtonForItsRemedy() throws Exception {
        List<Remedy> shown = new CopyOnWriteArrayList<>();
        ErrorSink sink = new ErrorSink() {
            @Override
            public void show(String title, String sentence, String details) {
            }

            @Override
            public void show(String title, String sentence, String details, Remedy remedy, List<String> args) {
                shown.add(remedy);
            }
        };
        OperationRunner runner = new OperationRunner(executor, Messages.load(Locale.ROOT), sink, service.clock());
        onFx(() -> runner.run("Back up app", (p, c) -> {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "the database file is missing", Remedy.UPDATE_SOURCE_PATH,
                    "/x/app.db");
        }, r -> new OperationRunner.Outcome(true, ""), () -> { }));
        waitUntil(() -> !shown.isEmpty(), 20);
        assertEquals(List.of(Remedy.UPDATE_SOURCE_PATH), shown);

        MainRemedyActions remedies = new MainRemedyActions(flows, new MainCommands(model, Messages.load(Locale.ROOT)));
        assertTrue(remedies.actionFor(Remedy.CHECK_DISK, List.of()).isEmpty(), "no button where the window has none");
        onFx(() -> {
            remedies.actionFor(Remedy.UPDATE_SOURCE_PATH, List.of("/x/app.db")).orElseThrow().run();
            return null;
        });
        assertEquals(1, dialogs.forms.size(), "the button opens the database's settings");
    }

    @Test
    void restoreFromAnotherDestinationAsksWhereConfirmsAndRestoresTheCopyFromThere() throws Exception {
        Path nas = Files.createDirectories(dir.resolve("nas"));
        service.addDestination(DestinationSettings.folder("nas", nas.toString()));
        service.copyTo("app", new CopyTarget("nas", null, null));
        BackupRecord b = service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE,
                new Cancellation()).created().backup();
        assertEquals(List.of(b.id()), service.listAt("app", "nas").records().stream().map(BackupRecord::id).toList());
        service.delete("app", b.id()); // only the copy at nas is left: the restore must come from there
        Path db = dir.resolve("app.db");
        try (var c = TestDatabases.open(db); var st = c.createStatement()) {
            st.execute("DELETE FROM notes");
        }
        onFx(model::reload);
        waitIdle();

        dialogs.destination = null; // closed the chooser: nothing happens
        onFx(() -> {
            flows.restoreFrom();
            return null;
        });
        waitIdle();
        assertEquals(List.of("nas"), dialogs.asked);
        assertEquals(0, TestDatabases.count(db, "SELECT count(*) FROM notes"));

        dialogs.destination = "nas";
        dialogs.answer = true;
        onFx(() -> {
            flows.restoreFrom();
            return null;
        });
        waitUntil(() -> dialogs.informed.size() == 1, 60);
        waitIdle();
        assertEquals(List.of("nas", "nas", b.id()), dialogs.asked, "asked where, then confirmed the copy's id");
        assertEquals(20, TestDatabases.count(db, "SELECT count(*) FROM notes"));
        assertTrue(dialogs.informed.get(0).contains("from nas"), dialogs.informed.get(0));
        assertEquals(List.of(), errors);
    }

    @Test
    void restoreLatestWithoutABackupSaysSoInsteadOfAsking() throws Exception {
        onFx(() -> {
            flows.restoreLatest();
            return null;
        });
        assertEquals(List.of(), dialogs.asked);
        assertEquals(1, dialogs.informed.size());
    }

    @Test
    void closingWithoutATrayQuitsThroughTheUsualQuestionsAndNeverOffersTheBackground() throws Exception {
        CloseFlow close = new CloseFlow(model, flows, dialogs, messages, preferences);
        dialogs.choice = 2; // "Keep Lifeboat open", if the timer question comes
        CloseFlow.Outcome outcome = onFx(close::windowClosing);
        assertEquals(List.of(), dialogs.remembering, "no tray: nothing to keep running in");
        assertEquals(OsTimer.installed() ? CloseFlow.Outcome.QUIT : CloseFlow.Outcome.STAY, outcome);
        assertTrue(onFx(() -> model.protection().textProperty().get()).contains(
                OsTimer.installed() ? "system timer" : "only while this window is open"));
    }

    @Test
    void closingWithATrayAsksOnceAndKeepsProtectingInTheBackgroundWhenToldSo() throws Exception {
        CloseFlow close = new CloseFlow(model, flows, dialogs, messages, preferences);
        onFx(() -> {
            model.protection().trayActive(true);
            return null;
        });
        if (!OsTimer.installed()) {
            assertTrue(onFx(() -> model.protection().textProperty().get()).contains("tray icon"));
        }
        dialogs.remembered = new Dialogs.Answer(0, true);
        assertEquals(CloseFlow.Outcome.HIDE, onFx(close::windowClosing));
        assertEquals(1, dialogs.remembering.size());
        waitUntil(() -> new UiPreferences(service, executor).load().get(UiPreferences.ON_CLOSE)
                .equals(Optional.of("background")), 10);
        assertEquals(CloseFlow.Outcome.HIDE, onFx(close::windowClosing));
        assertEquals(1, dialogs.remembering.size(), "don't ask again: not asked again");
        assertEquals(List.of(), dialogs.asked, "hiding asks nothing about quitting");
    }

    @Test
    void closingWithATrayDuringABackupSaysItGoesOnAndQuitAsksBeforeCancellingIt() throws Exception {
        CloseFlow close = new CloseFlow(model, flows, dialogs, messages, preferences);
        service.add(TestDatabases.create(dir.resolve("big.db"), 300_000), DatabaseOptions.none());
        onFx(() -> {
            model.protection().trayActive(true);
            model.select("big");
            return null;
        });
        waitIdle();
        onFx(new MainCommands(model, messages)::backUpNow);
        waitUntil(() -> model.runner().progressProperty().get() > 0, 30);
        dialogs.remembered = new Dialogs.Answer(1, false); // Quit, this time only
        dialogs.answer = false; // ... but not "cancel it and quit"
        assertEquals(CloseFlow.Outcome.STAY, onFx(close::windowClosing));
        assertTrue(dialogs.remembering.get(0).contains("In the background it goes on"), dialogs.remembering.get(0));
        assertTrue(dialogs.asked.get(0).contains("still running"), "quitting asks before cancelling: " + dialogs.asked);
        assertEquals(Optional.empty(), preferences.get(UiPreferences.ON_CLOSE), "not remembered");
        onFx(() -> {
            model.runner().cancel();
            return null;
        });
        waitIdle();
    }

    /** Answers every question with {@link #answer} and records what was asked. */
    private static final class AnsweringDialogs implements Dialogs {
        boolean answer;
        int choice = 1; // "Quit anyway"
        String destination;
        final List<DatabaseFormViewModel> forms = new ArrayList<>();
        final List<String> asked = new ArrayList<>();
        final List<String> informed = new ArrayList<>();
        final List<String> remembering = new ArrayList<>();
        Answer remembered = new Answer(-1, false);

        @Override
        public boolean confirm(String titleKey, String text, String buttonKey) {
            asked.add(text);
            return answer;
        }

        @Override
        public int choose(String titleKey, String text, List<String> buttonKeys) {
            asked.add(text);
            return choice;
        }

        @Override
        public Answer chooseRemembering(String titleKey, String text, List<String> buttonKeys, String rememberKey) {
            remembering.add(text);
            return remembered;
        }

        @Override
        public void openFolder(Path folder) {
        }

        @Override
        public void inform(String title, String text) {
            informed.add(text);
        }

        @Override
        public boolean confirmRestore(String database, String target, BackupRecord backup, Instant now) {
            asked.add(backup.id());
            return answer;
        }

        @Override
        public Optional<Labels> editLabels(BackupRecord backup) {
            return Optional.empty();
        }

        @Override
        public void databaseForm(DatabaseFormViewModel form, Consumer<DatabaseSettings> saved) {
            forms.add(form);
        }

        @Override
        public void destinations(DestinationsViewModel model, Runnable closed) {
        }

        @Override
        public Optional<String> chooseDestination(String database, List<String> destinations) {
            asked.add(String.join(",", destinations));
            return Optional.ofNullable(destination);
        }

        @Override
        public void about() {
        }
    }
}
