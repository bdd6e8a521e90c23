package app.lifeboat.ui;

import app.lifeboat.core.config.LifeboatHome;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/** The desktop application. */
public final class LifeboatApp extends Application {
    private static volatile Path homeOption;

    /** Starts the GUI on the given home ({@code null}: the default home). */
    public static void launchWith(Path home, boolean debug) {
        homeOption = home;
        Application.launch(LifeboatApp.class);
    }

    @Override
    public void start(Stage stage) {
        LifeboatHome home = LifeboatHome.resolve(homeOption);
        stage.setTitle("Lifeboat");
        stage.setScene(new Scene(new StackPane(new Label("Lifeboat — home: " + home.root())), 900, 600));
        stage.show();
    }
}
