package app.lifeboat.ui;

import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.ui.common.Themes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The desktop application: builds the composition root, shows the main window, saves its bounds. */
public final class LifeboatApp extends Application {
    private static final System.Logger LOG = System.getLogger(LifeboatApp.class.getName());
    private static volatile Path homeOption;

    private CompositionRoot root;
    private Stage stage;
    private Instant initDone;
    private Instant startEntered;

    /** Starts the GUI on the given home ({@code null}: the default home). */
    public static void launchWith(Path home, boolean debug) {
        homeOption = home;
        Application.launch(LifeboatApp.class);
    }

    /** Runs on the launcher thread, so reading settings here does not hold up the FX thread. */
    @Override
    public void init() {
        root = new CompositionRoot(LifeboatHome.resolve(homeOption), Clock.systemUTC(), null);
        initDone = Instant.now();
    }

    @Override
    public void start(Stage primary) {
        stage = primary;
        startEntered = Instant.now();
        Themes.apply(root.preferences().darkTheme());
        Scene scene = new Scene(root.loadMainView());
        stage.setScene(scene);
        stage.titleProperty().bind(root.mainModel().titleProperty());
        stage.setMinWidth(800);
        stage.setMinHeight(560);
        WindowBounds.restore(stage, root.preferences());
        stage.setOnShown(e -> logLaunchTime());
        root.setExit(Platform::exit);
        root.shell().attach(stage);
        stage.show();
        WindowBounds.fitToScreen(stage);
        root.errors().setOwner(stage);
        root.mainModel().reload();
        root.startWatching(3000);
        root.setUriOpener(getHostServices()::showDocument);
        root.startScheduler();
        Icons.apply(stage);
        root.shell().startTray(new AwtTray());
    }

    /** One line for the launch-time measurement: process start → engine ready → FX start → shown. */
    private void logLaunchTime() {
        Instant started = ProcessHandle.current().info().startInstant().orElse(null);
        if (started != null) {
            LOG.log(System.Logger.Level.INFO, "window shown " + Duration.between(started, Instant.now()).toMillis()
                    + " ms after the process started (engine ready at " + Duration.between(started, initDone).toMillis()
                    + " ms, FX start at " + Duration.between(started, startEntered).toMillis() + " ms)");
        }
    }

    @Override
    public void stop() throws Exception {
        root.shell().removeTray();
        if (stage != null) {
            // Waiting here is acceptable: the window is already closed, and the write is one small file.
            WindowBounds.save(stage, root.preferences()).get(2, TimeUnit.SECONDS);
        }
        root.close();
    }
}
