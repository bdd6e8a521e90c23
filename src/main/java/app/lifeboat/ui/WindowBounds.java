package app.lifeboat.ui;

import app.lifeboat.ui.common.UiPreferences;
import java.util.Locale;
import java.util.concurrent.Future;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** Remembers the window's position and size as "x,y,width,height,maximized" in the UI preferences. */
final class WindowBounds {
    private WindowBounds() {}

    static void restore(Stage stage, UiPreferences preferences) {
        preferences.get(UiPreferences.WINDOW).ifPresent(v -> {
            String[] p = v.split(",");
            try {
                double x = Double.parseDouble(p[0]);
                double y = Double.parseDouble(p[1]);
                double w = Double.parseDouble(p[2]);
                double h = Double.parseDouble(p[3]);
                // A window saved on a monitor that is gone would open off-screen: keep the default then.
                if (w >= 400 && h >= 300 && !Screen.getScreensForRectangle(new Rectangle2D(x, y, w, h)).isEmpty()) {
                    stage.setX(x);
                    stage.setY(y);
                    stage.setWidth(w);
                    stage.setHeight(h);
                }
                stage.setMaximized(p.length > 4 && Boolean.parseBoolean(p[4]));
            } catch (RuntimeException e) {
                // A damaged value only costs the remembered position.
            }
        });
    }

    /** A window larger than the screen (the first run on a small laptop) is shrunk to fit it. */
    static void fitToScreen(Stage stage) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        if (stage.getWidth() > screen.getWidth() || stage.getHeight() > screen.getHeight()) {
            stage.setX(screen.getMinX());
            stage.setY(screen.getMinY());
            stage.setWidth(Math.min(stage.getWidth(), screen.getWidth()));
            stage.setHeight(Math.min(stage.getHeight(), screen.getHeight()));
        }
    }

    static Future<?> save(Stage stage, UiPreferences preferences) {
        return preferences.put(UiPreferences.WINDOW, String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%s",
                stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized()));
    }
}
