package app.lifeboat.ui;

import java.io.InputStream;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The app icon in the sizes the window manager picks from (the same artwork as the installers). */
final class Icons {
    private static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256, 512};

    private Icons() {}

    static void apply(Stage stage) {
        for (int size : SIZES) {
            InputStream in = Icons.class.getResourceAsStream("icons/lifeboat-" + size + ".png");
            if (in != null) {
                stage.getIcons().add(new Image(in));
            }
        }
    }
}
