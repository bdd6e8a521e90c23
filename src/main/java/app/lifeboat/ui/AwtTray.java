package app.lifeboat.ui;

import app.lifeboat.platform.OsTimer;
import java.awt.AWTException;
import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Image;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Map;
import javafx.application.Platform;
import javax.imageio.ImageIO;

/**
 * The tray icon through AWT's {@link SystemTray}, which works beside JavaFX (JavaFX has none).
 * AWT calls its listeners on its own event thread: every command hops to the FX thread. Where
 * the desktop has no tray (GNOME without an extension, Wayland without X, a bare X server)
 * {@link #show} returns false and the app behaves as without this class.
 */
final class AwtTray implements DesktopTray {
    private static final System.Logger LOG = System.getLogger(AwtTray.class.getName());
    private static final int[] SIZES = {16, 24, 32, 48, 64};

    private volatile TrayIcon icon;

    /**
     * Whether to start AWT at all. On Linux only in a desktop session (XDG_CURRENT_DESKTOP set): a
     * bare X server (Xvfb, a kiosk) has no tray, and AWT's X thread, once started, cannot be stopped
     * and crashes the JVM if the X server goes away under it. {@code LIFEBOAT_TRAY=off} never tries,
     * {@code on} always does (a bare X server with a tray program such as trayer).
     */
    static boolean worthTrying(Map<String, String> env, boolean linux) {
        String forced = env.getOrDefault("LIFEBOAT_TRAY", "").trim().toLowerCase(Locale.ROOT);
        if (forced.equals("off") || forced.equals("on")) {
            return forced.equals("on");
        }
        if (!linux) {
            return true; // Windows' notification area, macOS's menu bar
        }
        String desktop = env.get("XDG_CURRENT_DESKTOP");
        return env.get("DISPLAY") != null && desktop != null && !desktop.isBlank();
    }

    @Override
    public boolean show(Menu menu) {
        if (!worthTrying(System.getenv(), OsTimer.isLinux())) {
            LOG.log(System.Logger.Level.INFO, "no desktop session: no tray icon tried");
            return false;
        }
        try {
            // isSupported starts AWT's toolkit (a few hundred ms): never on the FX thread.
            if (GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
                LOG.log(System.Logger.Level.INFO, "no system tray on this desktop");
                return false;
            }
            EventQueue.invokeAndWait(() -> add(menu));
            return icon != null;
        } catch (InvocationTargetException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "tray icon not shown", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** On AWT's event thread. */
    private void add(Menu menu) {
        SystemTray tray = SystemTray.getSystemTray();
        PopupMenu popup = new PopupMenu();
        popup.add(item(menu.openText(), menu.open()));
        popup.add(item(menu.runDueText(), menu.runDue()));
        popup.addSeparator();
        popup.add(item(menu.quitText(), menu.quit()));
        TrayIcon created = new TrayIcon(image(tray.getTrayIconSize()), menu.tooltip(), popup);
        created.setImageAutoSize(true);
        created.addActionListener(e -> Platform.runLater(menu.open())); // a double click opens the window
        try {
            tray.add(created);
            icon = created;
        } catch (AWTException e) {
            LOG.log(System.Logger.Level.WARNING, "tray icon not shown: " + e.getMessage());
        }
    }

    private static MenuItem item(String text, Runnable command) {
        MenuItem item = new MenuItem(text);
        item.addActionListener(e -> Platform.runLater(command));
        return item;
    }

    /** The smallest bundled icon at least as tall as the tray's slot (AWT scales it to fit). */
    private static Image image(Dimension slot) {
        int size = SIZES[SIZES.length - 1];
        for (int s : SIZES) {
            if (s >= slot.height) {
                size = s;
                break;
            }
        }
        try (InputStream in = AwtTray.class.getResourceAsStream("icons/lifeboat-" + size + ".png")) {
            if (in == null) {
                throw new IllegalStateException("icon lifeboat-" + size + ".png is not bundled");
            }
            return ImageIO.read(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the tray icon", e);
        }
    }

    @Override
    public void notify(String title, String text, boolean problem) {
        TrayIcon shown = icon;
        if (shown != null) {
            EventQueue.invokeLater(() -> {
                if (problem) {
                    shown.setToolTip(title);
                }
                shown.displayMessage(title, text, problem ? TrayIcon.MessageType.WARNING : TrayIcon.MessageType.INFO);
            });
        }
    }

    @Override
    public void remove() {
        TrayIcon shown = icon;
        icon = null;
        if (shown != null) {
            EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(shown));
        }
    }
}
