package app.lifeboat.ui.destination;

import static app.lifeboat.ui.FxToolkit.onFx;
import static app.lifeboat.ui.FxToolkit.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.config.CopyTarget;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.KeepRules;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.destination.DestinationCheck;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.ui.CompositionRoot;
import app.lifeboat.ui.FakeFileDialogs;
import app.lifeboat.ui.common.Themes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the Destinations window (headless) from the main window's menu against a real home. */
@ExtendWith(ApplicationExtension.class)
class DestinationsWindowTest {
    @TempDir
    Path dir;

    private final FakeFileDialogs files = new FakeFileDialogs();
    private CompositionRoot root;

    @Start
    void start(Stage stage) {
        root = new CompositionRoot(new LifeboatHome(dir.resolve("home")), Clock.systemUTC(), files);
        Themes.apply(false);
        stage.setScene(new Scene(root.loadMainView(), 1200, 800));
        stage.show();
        root.mainModel().reload();
    }

    @AfterEach
    void tearDown() {
        root.close();
    }

    private static void waitFor(FxRobot robot, String id) throws Exception {
        waitUntil(() -> robot.lookup(id).tryQuery().isPresent(), 30); // the first dialog of a fresh JVM is slow on a loaded machine
    }

    /**
     * Fires the button itself: a robot's click can miss on a loaded machine, and what is tested is
     * the window's answer. Not waited for: the button may open a dialog that waits for an answer.
     */
    private static void fire(Button b) throws Exception {
        waitUntil(() -> !b.isDisabled(), 30);
        Platform.runLater(() -> fireWhenEnabled(b, 300));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * A button disabled again between the wait and the click (the list being read once more) ignores
     * fire(): check and fire together on the FX thread, and try again shortly while it is disabled.
     */
    private static void fireWhenEnabled(Button b, int triesLeft) {
        if (!b.isDisabled()) {
            b.fire();
        } else if (triesLeft > 0) {
            PauseTransition pause = new PauseTransition(Duration.millis(100));
            pause.setOnFinished(e -> fireWhenEnabled(b, triesLeft - 1));
            pause.play();
        }
    }

    @Test
    void addTestAndRemoveAFolderDestination(FxRobot robot) throws Exception {
        Path nas = Files.createDirectories(dir.resolve("nas"));
        MenuItem open = onFx(() -> robot.lookup("#menuBar").queryAs(MenuBar.class).getMenus().get(0).getItems().stream()
                .filter(i -> "Destinations\u2026".equals(i.getText())).findFirst().orElseThrow());
        onFx(() -> {
            open.fire();
            return null;
        });
        waitFor(robot, "#destinationsTable");

        files.folder = nas;
        // The main window has buttons with the same ids (Add…, Remove…): look only inside this window.
        Parent window = onFx(() -> robot.lookup("#destinationsTable").query().getScene().getRoot());
        Button add = robot.from(window).lookup("#addButton").queryButton();
        waitUntil(() -> !add.isDisabled(), 30); // the list is read first
        fire(add);
        waitFor(robot, "#destinationFormDialog");
        TextField name = robot.lookup("#nameField").queryAs(TextField.class);
        onFx(() -> {
            name.setText("nas");
            return null;
        });
        fire(robot.lookup("#chooseFolderButton").queryButton());
        assertEquals(nas.toString(), onFx(() -> robot.lookup("#urlField").queryAs(TextField.class).getText()));
        fire(robot.lookup("#destinationAddButton").queryButton());
        waitUntil(() -> robot.lookup("#destinationFormDialog").tryQuery().isEmpty(), 30);
        TableView<DestinationRow> table = robot.lookup("#destinationsTable").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() == 1, 30);
        assertEquals(List.of("nas"), new BackupService(new LifeboatHome(dir.resolve("home"))).destinations().stream()
                .map(DestinationSettings::name).toList());

        onFx(() -> {
            table.getSelectionModel().select(0);
            return null;
        });
        fire(robot.from(window).lookup("#testButton").queryButton());
        ListView<DestinationCheck.Step> steps = robot.lookup("#stepsList").queryAs(ListView.class);
        waitUntil(() -> steps.getItems().size() == 6, 30);
        assertTrue(onFx(() -> steps.getItems().stream().allMatch(DestinationCheck.Step::ok)));
        waitUntil(() -> robot.lookup("\u2713 write: 64 KiB probe object written").tryQuery().isPresent()
                || robot.lookup(".step-ok").queryAll().size() == 6, 10);
        String summary = onFx(() -> robot.lookup("#testSummaryLabel").queryLabeled().getText());
        assertTrue(summary.startsWith("nas works"), summary);

        fire(robot.from(window).lookup("#removeButton").queryButton());
        waitFor(robot, "#removeDestinationDialog");
        DialogPane confirm = robot.lookup("#removeDestinationDialog").queryAs(DialogPane.class);
        fire((Button) confirm.lookupButton(confirm.getButtonTypes().get(0)));
        waitUntil(() -> table.getItems().isEmpty(), 30);
        assertTrue(Files.isDirectory(nas), "what is stored there stays");
        assertEquals(List.of(), new BackupService(new LifeboatHome(dir.resolve("home"))).destinations());
    }

    @Test
    void editChangesAnS3DestinationsSettingsButNotItsNameOrKind(FxRobot robot) throws Exception {
        BackupService service = root.service();
        service.addDestination(new DestinationSettings("offsite", "s3://bucket/lifeboat", "http://127.0.0.1:9000", "us-east-1",
                true, null, null, null, null, null, null, null, null, null));
        MenuItem open = onFx(() -> robot.lookup("#menuBar").queryAs(MenuBar.class).getMenus().get(0).getItems().stream()
                .filter(i -> "Destinations\u2026".equals(i.getText())).findFirst().orElseThrow());
        onFx(() -> {
            open.fire();
            return null;
        });
        waitFor(robot, "#destinationsTable");
        Parent window = onFx(() -> robot.lookup("#destinationsTable").query().getScene().getRoot());
        TableView<DestinationRow> table = robot.lookup("#destinationsTable").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() == 1, 30);
        onFx(() -> {
            table.getSelectionModel().select(0);
            return null;
        });
        fire(robot.from(window).lookup("#editButton").queryButton());
        waitFor(robot, "#destinationFormDialog");
        TextField name = robot.lookup("#nameField").queryAs(TextField.class);
        assertEquals("offsite", onFx(name::getText));
        assertTrue(onFx(name::isDisabled), "the name stays");
        assertTrue(onFx(() -> robot.lookup("#kindChoice").query().isDisabled()), "the kind stays");
        assertEquals("http://127.0.0.1:9000", onFx(() -> robot.lookup("#endpointField").queryAs(TextField.class).getText()));
        assertTrue(onFx(() -> robot.lookup("#pathStyleCheck").queryAs(CheckBox.class).isSelected()));

        onFx(() -> {
            robot.lookup("#endpointField").queryAs(TextField.class).setText("ftp://nowhere");
            return null;
        });
        fire(robot.lookup("#destinationSaveButton").queryButton());
        DialogPane form = robot.lookup("#destinationFormDialog").queryAs(DialogPane.class);
        Label error = robot.from(form).lookup("#errorLabel").queryAs(Label.class);
        waitUntil(() -> !error.getText().isEmpty(), 30);
        assertTrue(onFx(error::getText).contains("ftp://nowhere"), onFx(error::getText));
        assertTrue(robot.lookup("#destinationFormDialog").tryQuery().isPresent(), "a refused change keeps the form open");

        onFx(() -> {
            robot.lookup("#endpointField").queryAs(TextField.class).setText("https://s3.example.com");
            robot.lookup("#regionField").queryAs(TextField.class).setText("eu-central-1");
            robot.lookup("#pathStyleCheck").queryAs(CheckBox.class).setSelected(false);
            return null;
        });
        fire(robot.lookup("#destinationSaveButton").queryButton());
        waitUntil(() -> robot.lookup("#destinationFormDialog").tryQuery().isEmpty(), 30);
        DestinationSettings saved = new BackupService(new LifeboatHome(dir.resolve("home"))).destination("offsite");
        assertEquals("https://s3.example.com", saved.endpoint());
        assertEquals("eu-central-1", saved.region());
        assertEquals(null, saved.pathStyle(), "unchecked: not path-style");
        assertEquals("s3://bucket/lifeboat", saved.url());
    }

    @Test
    void theHeaderSaysWhereCopiesGoAndRestoreFromIsOfferedOnlyThen(FxRobot robot) throws Exception {
        BackupService service = root.service();
        service.add(TestDatabases.create(dir.resolve("app.db"), 5), DatabaseOptions.none());
        onFx(() -> root.mainModel().reload());
        waitUntil(() -> root.mainModel().selectedProperty().get() != null && root.mainModel().idleBinding().get(), 30);
        assertTrue(onFx(() -> robot.lookup("#restoreFromButton").queryButton().isDisabled()), "no copies: nothing to restore from");
        service.addDestination(DestinationSettings.folder("nas", Files.createDirectories(dir.resolve("nas")).toString()));
        service.copyTo("app", new CopyTarget("nas", new KeepRules(null, null, null, null, 12, null), null));
        onFx(() -> root.mainModel().reload());
        waitUntil(() -> !root.mainModel().selectedProperty().get().settings().copyTo().isEmpty()
                && root.mainModel().idleBinding().get(), 30);
        assertEquals("Each backup is also copied to: nas (own retention)",
                onFx(() -> robot.lookup("#databaseCopies").queryLabeled().getText()));
        assertFalse(onFx(() -> robot.lookup("#restoreFromButton").queryButton().isDisabled()));
    }
}
