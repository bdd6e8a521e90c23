package app.lifeboat.ui.main;

import static app.lifeboat.ui.FxToolkit.onFx;
import static app.lifeboat.ui.FxToolkit.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.Storage;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.ui.CompositionRoot;
import app.lifeboat.ui.FakeFileDialogs;
import app.lifeboat.ui.common.ActivityEntry;
import app.lifeboat.ui.common.Themes;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.stream.Stream;
import javafx.geometry.Side;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Drives the real main window (headless) against real SQLite files in a temporary home. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    @TempDir
    Path dir;

    private final FakeFileDialogs files = new FakeFileDialogs();
    private CompositionRoot root;
    private MainViewModel model;

    @Start
    void start(Stage stage) {
        root = new CompositionRoot(home(), Clock.systemUTC(), files);
        model = root.mainModel();
        Themes.apply(false);
        stage.setScene(new Scene(root.loadMainView(), 1200, 800));
        root.errors().setOwner(stage);
        stage.show();
        root.startWatching(200);
        model.reload();
    }

    private LifeboatHome home() {
        return new LifeboatHome(dir.resolve("home"));
    }

    @AfterEach
    void tearDown() {
        root.close();
    }

    /** Another process's view of the same home, like the CLI. */
    private BackupService engine() {
        return new BackupService(home());
    }

    private void waitIdle() throws Exception {
        waitUntil(() -> model.loadedProperty().get() && model.idleBinding().get(), 60);
    }

    private DialogPane dialog(FxRobot robot, String id) throws Exception {
        waitUntil(() -> robot.lookup(id).tryQuery().isPresent(), 10);
        return robot.lookup(id).queryAs(DialogPane.class);
    }

    /** The form saves in the background and closes itself once the engine accepted it. */
    private void waitFormClosed(FxRobot robot) throws Exception {
        waitUntil(() -> robot.lookup("#databaseFormDialog").tryQuery().isEmpty(), 30);
        waitIdle();
    }

    private static Button button(DialogPane pane, int index) {
        return (Button) pane.lookupButton(pane.getButtonTypes().get(index));
    }

    private void selectFirstBackup(FxRobot robot) throws Exception {
        TableView<?> table = robot.lookup("#backupsTable").queryAs(TableView.class);
        onFx(() -> {
            table.getSelectionModel().select(0);
            return null;
        });
    }

    @Test
    void aBrokenSettingsFileIsShownWithItsPathNotAsAnEmptyWindow(FxRobot robot) throws Exception {
        waitIdle();
        Files.createDirectories(home().settingsFile().getParent());
        Files.writeString(home().settingsFile(), "{ \"databases\": [ this is not JSON");
        onFx(() -> model.reload());
        waitUntil(() -> model.loadErrorProperty().get() != null && !model.loadErrorProperty().get().isEmpty(), 30);
        Label attention = robot.lookup("#attentionLabel").queryAs(Label.class);
        String shown = onFx(attention::getText);
        assertTrue(shown.contains(home().settingsFile().toString()) && shown.contains("not valid JSON"), shown);
        assertTrue(onFx(() -> robot.lookup("#attentionBar").query().isVisible()));
        assertTrue(onFx(() -> robot.lookup("#attentionOpenLink").query().isVisible()), "with a way to the folder");
    }

    @Test
    void addBackUpVerifyAndRestoreLatestWithConfirmation(FxRobot robot) throws Exception {
        Path db = TestDatabases.create(dir.resolve("app.db"), 500);
        waitIdle();
        files.database = db;
        robot.clickOn("#emptyAddButton");
        robot.clickOn(dialog(robot, "#databaseFormDialog").lookupButton(
                dialog(robot, "#databaseFormDialog").getButtonTypes().get(0)));
        waitFormClosed(robot);
        assertEquals(1, onFx(() -> model.databases().size()));

        robot.clickOn("#backupButton");
        waitIdle();
        assertEquals(1, onFx(() -> model.backups().size()));

        selectFirstBackup(robot);
        robot.clickOn("#verifyButton");
        waitIdle();
        assertEquals(BackupStatus.VERIFIED, onFx(() -> model.backups().get(0).status()));

        try (Connection c = TestDatabases.open(db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM notes WHERE id > 10");
        }
        robot.clickOn("#restoreLatestButton");
        DialogPane confirm = dialog(robot, "#restoreConfirmDialog");
        String text = robot.lookup("#restoreConfirmText").queryLabeled().getText();
        assertTrue(text.contains("pre-restore backup"), text);
        assertTrue(text.contains("Last verified"), text);
        robot.clickOn(button(confirm, 0));
        waitIdle();
        robot.clickOn(button(dialog(robot, "#infoDialog"), 0));
        assertEquals(500, TestDatabases.count(db, "SELECT count(*) FROM notes"));
        assertTrue(onFx(() -> model.backups().stream().anyMatch(r -> r.type().equals("Before restore"))));
    }

    @Test
    void disabledBannerAppearsWhenDisabledElsewhereAndGoesWhenEnabled(FxRobot robot) throws Exception {
        Path db = TestDatabases.create(dir.resolve("app.db"), 50);
        try (BackupService cli = engine()) {
            cli.add(db, DatabaseOptions.none());
            cli.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none());
        }
        waitUntil(() -> model.databases().size() == 1, 20);
        assertTrue(robot.lookup("#banner-backups-disabled").tryQuery().isEmpty());

        try (BackupService cli = engine()) {
            cli.setEnabled("app", false);
        }
        waitUntil(() -> robot.lookup("#banner-backups-disabled").tryQuery().isPresent(), 20);
        assertTrue(onFx(() -> model.attentionNeededProperty().get()));

        robot.clickOn("#bannerAction-backups-disabled");
        waitIdle();
        assertTrue(robot.lookup("#banner-backups-disabled").tryQuery().isEmpty());
        try (BackupService cli = engine()) {
            assertTrue(cli.database("app").enabled());
        }
    }

    @Test
    void failedVerificationOfATamperedBackupShowsItsBanner(FxRobot robot) throws Exception {
        Path db = TestDatabases.create(dir.resolve("app.db"), 200);
        BackupRecord r;
        try (BackupService cli = engine()) {
            cli.add(db, DatabaseOptions.none());
            cli.setStorage("app", Storage.FULL); // a file to tamper with
            r = cli.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none()).created().backup();
        }
        Path stored = home().defaultDestination().resolve("app").resolve(r.file());
        try (RandomAccessFile f = new RandomAccessFile(stored.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xff);
        }
        model.reload();
        waitUntil(() -> model.backups().size() == 1, 20);
        selectFirstBackup(robot);
        robot.clickOn("#verifyButton");
        waitIdle();
        assertTrue(robot.lookup("#banner-verification-failed").tryQuery().isPresent());
        assertEquals(BackupStatus.FAILED, onFx(() -> model.backups().get(0).status()));
        assertEquals(ActivityEntry.Outcome.FAILED, onFx(() -> model.runner().activity().get(0).outcome()));
    }

    @Test
    void cancellingABackupOfALargeDatabaseLeavesNoPartialFile(FxRobot robot) throws Exception {
        Path db = dir.resolve("big.db");
        try (Connection c = TestDatabases.open(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE blobs(id INTEGER PRIMARY KEY, data BLOB)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 640)"
                    + " INSERT INTO blobs(data) SELECT randomblob(100000) FROM n");
        }
        try (BackupService cli = engine()) {
            cli.add(db, DatabaseOptions.none());
        }
        waitUntil(() -> model.databases().size() == 1, 20);
        // Press Cancel while the snapshot runs: a robot click can arrive after the last cancellation
        // check on a busy machine, when the backup has legitimately finished.
        Button cancel = robot.lookup("#cancelButton").queryButton();
        onFx(() -> {
            model.runner().messageProperty().addListener((o, old, m) -> {
                if (m != null && m.contains("Taking a snapshot") && !cancel.isDisabled()) {
                    cancel.fire();
                }
            });
            return null;
        });
        robot.clickOn("#backupButton");
        waitIdle();
        assertTrue(onFx(() -> model.runner().activity().size()) > 0);
        assertEquals(ActivityEntry.Outcome.CANCELLED, onFx(() -> model.runner().activity().get(0).outcome()));
        assertEquals(0, onFx(() -> model.backups().size()));
        Path folder = home().defaultDestination().resolve("big");
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith(".lifeboat-tmp-")).count());
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".lifeboat-tmp-")));
        }
    }

    @Test
    void aTextFileInAddDatabaseIsRefusedWithTheEnginesMessage(FxRobot robot) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a database\n".repeat(20));
        waitIdle();
        files.database = text;
        robot.clickOn("#emptyAddButton");
        DialogPane error = dialog(robot, "#errorDialog");
        assertTrue(error.getContentText().contains("is not a SQLite database"), error.getContentText());
        robot.clickOn(button(error, 0));
        assertTrue(robot.lookup("#databaseFormDialog").tryQuery().isEmpty());
        try (BackupService cli = engine()) {
            assertTrue(cli.databases().isEmpty());
        }
    }

    @Test
    void theDemoDatabaseIsCreatedRegisteredAndBackedUp(FxRobot robot) throws Exception {
        waitIdle();
        assertTrue(robot.lookup("#emptyState").query().isVisible());
        robot.clickOn("#demoButton");
        waitUntil(() -> model.backups().size() == 1 && model.idleBinding().get(), 60);
        assertEquals("recipes", onFx(() -> model.selectedNameProperty().get()));
        assertTrue(Files.exists(home().dataDir().resolve("recipes.db")));
        assertFalse(robot.lookup("#emptyState").query().isVisible());
    }

    @Test
    void contextMenuPinsLabelsDialogSavesAndRestoreAsCopyWritesANewFile(FxRobot robot) throws Exception {
        Path db = TestDatabases.create(dir.resolve("app.db"), 100);
        try (BackupService cli = engine()) {
            cli.add(db, DatabaseOptions.none());
            cli.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none());
        }
        waitUntil(() -> model.backups().size() == 1 && model.idleBinding().get(), 20);
        selectFirstBackup(robot);
        // Right-click menus do not open under Monocle: show the table's own menu programmatically.
        TableView<?> table = robot.lookup("#backupsTable").queryAs(TableView.class);
        onFx(() -> {
            table.getContextMenu().show(table, Side.TOP, 20, 60);
            return null;
        });
        // A reload (the change watcher polls every 200 ms) can replace the rows just before the click,
        // and a robot click by text may land on the toolbar's Pin instead: fire the menu's own item once
        // it is enabled (ControlsFX binds it to the same action as the button).
        MenuItem pin = onFx(() -> table.getContextMenu().getItems().stream()
                .filter(i -> "Pin".equals(i.getText())).findFirst().orElseThrow());
        waitUntil(() -> !pin.isDisable(), 10);
        onFx(() -> {
            pin.fire();
            return null;
        });
        waitUntil(() -> !model.backups().isEmpty() && model.backups().get(0).pinned(), 20);
        waitIdle();
        assertTrue(onFx(() -> model.backups().get(0).pinned()));

        robot.clickOn("#labelsButton");
        robot.clickOn("#tagsField").write("before-upgrade, monthly");
        robot.clickOn("#descriptionField").write("Before v2");
        robot.type(KeyCode.ENTER);
        waitIdle();
        BackupRow row = onFx(() -> model.backups().get(0));
        assertEquals("before-upgrade, monthly", row.tags());
        assertTrue(row.description().startsWith("Before v2"), row.description()); // then the version's stored size

        files.newFile = dir.resolve("copy.db");
        robot.clickOn("#restoreCopyButton");
        waitIdle();
        assertEquals(100, TestDatabases.count(files.newFile, "SELECT count(*) FROM notes"));

        robot.clickOn("History");
        LineChart<?, ?> chart = robot.lookup("#sizeChart").queryAs(LineChart.class);
        assertEquals(1, onFx(() -> chart.getData().get(0).getData().size()));
        assertTrue(robot.lookup("#totalsLabel").queryLabeled().getText().startsWith("1 backup (1 good)"));
    }

    @Test
    void settingsAreSavedAndRemoveAsksAndKeepsTheBackups(FxRobot robot) throws Exception {
        Path db = TestDatabases.create(dir.resolve("app.db"), 20);
        try (BackupService cli = engine()) {
            cli.add(db, DatabaseOptions.none());
            cli.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none());
        }
        waitUntil(() -> model.backups().size() == 1 && model.idleBinding().get(), 20);
        robot.clickOn("#settingsButton");
        DialogPane form = dialog(robot, "#databaseFormDialog");
        Spinner<?> maxCount = robot.lookup("#maxCountSpinner").queryAs(Spinner.class);
        onFx(() -> {
            maxCount.getValueFactory().increment(5);
            return null;
        });
        robot.clickOn(button(form, 0));
        waitFormClosed(robot);
        try (BackupService cli = engine()) {
            assertEquals(5, cli.database("app").maxCount());
        }

        robot.clickOn("#removeButton");
        DialogPane confirm = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(confirm.getContentText().contains("backups stay on disk"), confirm.getContentText());
        robot.clickOn(button(confirm, 0));
        waitIdle();
        assertTrue(onFx(() -> model.emptyProperty().get()));
        try (Stream<Path> kept = Files.list(home().defaultDestination().resolve("app"))) {
            assertEquals(2, kept.count(), "the backup and its sidecar stay");
        }
    }
}
