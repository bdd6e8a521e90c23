package app.lifeboat.ui;

import static app.lifeboat.ui.FxToolkit.onFx;
import static app.lifeboat.ui.FxToolkit.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.platform.OsTimer;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.ui.common.UiPreferences;
import app.lifeboat.ui.main.MainViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The real main window's close button, with the desktop's tray reported missing and with a tray
 * this test provides (the seam to the desktop shell): hide, remember, notices, open and quit.
 */
@ExtendWith(ApplicationExtension.class)
class WindowShellTest {
    @TempDir
    Path dir;

    private final List<String> exits = new CopyOnWriteArrayList<>();
    private final RecordingTray tray = new RecordingTray();
    private CompositionRoot root;
    private MainViewModel model;
    private Stage stage;
    private boolean implicitExitBefore;

    @Start
    void start(Stage primary) throws Exception {
        stage = primary;
        implicitExitBefore = Platform.isImplicitExit();
        LifeboatHome home = new LifeboatHome(dir.resolve("home"));
        root = new CompositionRoot(home, Clock.systemUTC(), new FakeFileDialogs());
        // A database with the default schedule, so that something needs protecting.
        root.service().add(TestDatabases.create(dir.resolve("app.db"), 50), DatabaseOptions.none());
        model = root.mainModel();
        stage.setScene(new Scene(root.loadMainView(), 1000, 700));
        root.setExit(() -> exits.add("exit"));
        root.shell().attach(stage);
        root.errors().setOwner(stage);
        stage.show();
        model.reload();
    }

    @AfterEach
    void tearDown() throws Exception {
        onFx(() -> {
            stage.show(); // the toolkit's own stage: leave it as found, then the exit policy
            Platform.setImplicitExit(implicitExitBefore);
            return null;
        });
        root.close();
    }

    private void waitLoaded() throws Exception {
        waitUntil(() -> model.loadedProperty().get() && model.idleBinding().get(), 30);
    }

    private void requestClose() {
        // Not waited for: the question it may ask blocks in a nested event loop until answered.
        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
    }

    private static DialogPane dialog(FxRobot robot, String id) throws Exception {
        waitUntil(() -> robot.lookup(id).tryQuery().isPresent(), 10);
        return robot.lookup(id).queryAs(DialogPane.class);
    }

    private static Button button(DialogPane pane, int index) {
        return (Button) pane.lookupButton(pane.getButtonTypes().get(index));
    }

    /** The status line; read it on the FX thread. */
    private static String status(FxRobot robot) {
        return robot.lookup("#protectionLabel").queryAs(Label.class).getText();
    }

    private static MenuItem backgroundMenuItem(FxRobot robot) {
        return robot.lookup("#menuBar").queryAs(MenuBar.class).getMenus().get(0).getItems().stream()
                .filter(i -> "backgroundMenuItem".equals(i.getId())).findFirst().orElseThrow();
    }

    /** Answers "Scheduled backups after you quit" with "Quit anyway", when it is asked. */
    private static void quitAnywayIfAsked(FxRobot robot) throws Exception {
        if (!OsTimer.installed()) {
            DialogPane schedules = dialog(robot, "#chooseDialog");
            assertTrue(schedules.getContentText().contains("run only while Lifeboat is open"), schedules.getContentText());
            robot.clickOn(button(schedules, 1));
        }
    }

    @Test
    void withoutATrayClosingQuitsAsBeforeAndTheStatusSaysOnlyTheOpenWindowProtects(FxRobot robot) throws Exception {
        root.shell().startTray(DesktopTray.none());
        waitLoaded();
        waitUntil(() -> !status(robot).isEmpty() && !status(robot).startsWith("No database"), 10);
        String status = onFx(() -> status(robot));
        assertTrue(status.contains(OsTimer.installed() ? "system timer" : "only while this window is open"), status);
        assertFalse(onFx(() -> backgroundMenuItem(robot).isVisible()), "no tray: no background option");
        requestClose();
        quitAnywayIfAsked(robot);
        waitUntil(() -> !exits.isEmpty(), 10);
        assertEquals(List.of("exit"), exits);
        assertTrue(robot.lookup("#rememberDialog").tryQuery().isEmpty(), "never offered the background");
        assertFalse(model.protection().trayActive());
    }

    @Test
    void withATrayClosingHidesToItRemembersAndTheTrayOpensAndQuits(FxRobot robot) throws Exception {
        root.shell().startTray(tray);
        waitUntil(() -> model.protection().trayActive(), 10);
        waitLoaded();
        assertFalse(Platform.isImplicitExit(), "the tray keeps the app alive without its window");
        if (!OsTimer.installed()) {
            waitUntil(() -> status(robot).contains("tray icon"), 10);
        }
        assertTrue(onFx(() -> backgroundMenuItem(robot).isVisible()));

        requestClose();
        DialogPane ask = dialog(robot, "#rememberDialog");
        robot.clickOn(robot.lookup("#rememberCheck").queryAs(CheckBox.class));
        robot.clickOn(button(ask, 0)); // Keep protecting in the background
        waitUntil(() -> !stage.isShowing(), 10);
        assertEquals(List.of(), exits, "hidden, not quit");
        waitUntil(() -> root.service().preferences().get(UiPreferences.ON_CLOSE) != null, 10);
        assertEquals("background", root.service().preferences().get(UiPreferences.ON_CLOSE));

        onFx(() -> {
            root.shell().notice("Scheduled backup of app failed", "the destination is missing", true);
            return null;
        });
        assertEquals(List.of("Lifeboat is still running", "Scheduled backup of app failed"), tray.notices,
                "where the window went, then the failure: by the tray while hidden");

        onFx(() -> {
            tray.menu.open().run();
            return null;
        });
        assertTrue(onFx(stage::isShowing), "the tray's Open brings the window back");
        requestClose();
        waitUntil(() -> !stage.isShowing(), 10);
        assertTrue(robot.lookup("#rememberDialog").tryQuery().isEmpty(), "don't ask again: not asked");

        Platform.runLater(tray.menu.quit());
        quitAnywayIfAsked(robot);
        waitUntil(() -> !exits.isEmpty(), 10);
        assertTrue(onFx(stage::isShowing), "Quit from the tray shows the window for its questions");
        assertTrue(tray.removed, "the icon goes before the app ends");
        assertEquals(Optional.of("background"), Optional.ofNullable(
                root.service().preferences().get(UiPreferences.ON_CLOSE)));
    }

    /** A desktop with a tray: records the menu it was given, the notices and the removal. */
    private static final class RecordingTray implements DesktopTray {
        volatile Menu menu;
        final List<String> notices = new CopyOnWriteArrayList<>();
        volatile boolean removed;

        @Override
        public boolean show(Menu m) {
            this.menu = m;
            return true;
        }

        @Override
        public void notify(String title, String text, boolean problem) {
            notices.add(title);
        }

        @Override
        public void remove() {
            removed = true;
        }
    }
}
