package app.lifeboat.ui;

import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.ui.common.Themes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.stage.Stage;

/**
 * The desktop application: shows a light first frame at once, builds the composition root (the
 * engine, settings, view models) on its own thread while JavaFX starts and the main view's nodes on
 * another while the first frame is drawn, then fills the window with them; saves the window's
 * bounds on exit.
 */
public final class LifeboatApp extends Application {
    /** The engine and settings, being built since before the toolkit started; set by launchWith (or init). */
    private static volatile CompletableFuture<CompositionRoot> pending;
    private static volatile Path homeOption;
    private static volatile Instant rootReady;

    private CompositionRoot root;
    private Stage stage;
    private Instant startEntered;
    private Instant firstFrame;

    /**
     * Looked up when something is logged: setting up logging (about 0.12 s) then happens on the
     * start-up thread, beside the toolkit's start, not before it on the main thread.
     */
    private static System.Logger log() {
        return System.getLogger(LifeboatApp.class.getName());
    }

    /** Starts the GUI on the given home ({@code null}: the default home). */
    public static void launchWith(Path home, boolean debug) {
        homeOption = home;
        pending = buildRoot(home, WindowHeap::relax);
        Application.launch(LifeboatApp.class);
    }

    /** Builds the composition root on a thread of its own, after {@code first}. */
    private static CompletableFuture<CompositionRoot> buildRoot(Path home, Runnable first) {
        CompletableFuture<CompositionRoot> f = new CompletableFuture<>();
        daemon("lifeboat-startup", () -> {
            try {
                first.run();
                CompositionRoot r = new CompositionRoot(LifeboatHome.resolve(home), Clock.systemUTC(), null);
                rootReady = Instant.now();
                f.complete(r);
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }).start();
        return f;
    }

    /** When launched by other means than launchWith (e.g. a plain {@code Application.launch}), build the root now. */
    @Override
    public void init() {
        if (pending == null) {
            pending = buildRoot(homeOption, () -> { });
        }
    }

    @Override
    public void start(Stage primary) {
        stage = primary;
        startEntered = Instant.now();
        stage.setMinWidth(800);
        stage.setMinHeight(560);
        // Something on screen first: a plain frame, no controls, no theme (that comes with the
        // settings), replaced by the main view once it has been drawn and the engine is ready.
        // Even when the engine is ready already, loading the main view takes longer than this.
        Text title = new Text("Lifeboat");
        title.setFont(Font.font(28));
        title.setStyle("-fx-fill: #57606a;");
        StackPane light = new StackPane(title);
        light.setStyle("-fx-background-color: #f6f8fa;");
        stage.setTitle("Lifeboat");
        stage.setScene(new Scene(light, 1280, 820)); // MainView.fxml's preferred size
        stage.setOnShown(e -> firstFrame = Instant.now());
        // The main view's nodes are built (FXML, controllers: about 0.35 s) on a thread of their
        // own while this one draws the first frame: JavaFX allows that for nodes not yet in a
        // shown scene, and the toolkit they need is up now. Only attaching them comes back here.
        CompletableFuture<Ready> ready = pending.thenApplyAsync(r -> new Ready(r, r.loadMainView()),
                task -> daemon("lifeboat-main-view", task).start());
        Icons.apply(stage);
        stage.show();
        afterTwoPulses(() -> ready.whenComplete((r, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                log().log(System.Logger.Level.ERROR, "Lifeboat could not start", cause);
                title.setText("Lifeboat could not start: " + cause.getMessage() + " (see the log)");
                title.setFont(Font.font(14));
                return;
            }
            fill(r.root(), r.mainView());
        })));
    }

    /** The engine and the main view built for it, not yet in the window. */
    private record Ready(CompositionRoot root, Parent mainView) {}

    private static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** Runs {@code action} on the FX thread once the scene has been through a pulse, i.e. drawn. */
    private static void afterTwoPulses(Runnable action) {
        new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                if (++pulses == 2) {
                    stop();
                    action.run();
                }
            }
        }.start();
    }

    /** Puts the main view into the shown window and starts what runs behind it. */
    private void fill(CompositionRoot r, Parent mainView) {
        root = r;
        Themes.apply(root.preferences().darkTheme());
        stage.getScene().setRoot(mainView);
        stage.titleProperty().bind(root.mainModel().titleProperty());
        WindowBounds.restore(stage, root.preferences());
        root.setExit(Platform::exit);
        root.shell().attach(stage);
        logLaunchTime();
        WindowBounds.fitToScreen(stage);
        root.errors().setOwner(stage);
        root.mainModel().reload();
        root.startWatching(3000);
        root.setUriOpener(getHostServices()::showDocument);
        root.startScheduler();
        Icons.apply(stage);
        root.shell().startTray(new AwtTray());
    }

    /**
     * One line for the launch-time measurement (bench/launch.sh reads it): process start → first
     * frame → engine ready → FX start → main view shown.
     */
    private void logLaunchTime() {
        Instant started = ProcessHandle.current().info().startInstant().orElse(null);
        if (started != null) {
            Instant now = Instant.now();
            log().log(System.Logger.Level.INFO, "window shown " + Duration.between(started, now).toMillis()
                    + " ms after the process started (first frame at " + millis(started, firstFrame != null ? firstFrame : now)
                    + " ms, engine ready at " + millis(started, rootReady) + " ms, FX start at "
                    + millis(started, startEntered) + " ms)");
        }
    }

    private static String millis(Instant from, Instant to) {
        return to == null ? "?" : Long.toString(Duration.between(from, to).toMillis());
    }

    @Override
    public void stop() throws Exception {
        if (root == null) {
            return; // closed before the engine was ready
        }
        root.shell().removeTray();
        if (stage != null) {
            // Waiting here is acceptable: the window is already closed, and the write is one small file.
            WindowBounds.save(stage, root.preferences()).get(2, TimeUnit.SECONDS);
        }
        root.close();
    }
}
