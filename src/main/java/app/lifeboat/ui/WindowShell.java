package app.lifeboat.ui;

import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.main.CloseFlow;
import app.lifeboat.ui.main.ProtectionStatus;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * The main window's place on the desktop: what its close button does (through {@link CloseFlow}),
 * the tray icon where the desktop has one, quitting, and where a background notice appears. The
 * decisions are in {@code CloseFlow} and {@code ClosePolicy}; this class only hides, shows and exits.
 */
public final class WindowShell {
    private static final System.Logger LOG = System.getLogger(WindowShell.class.getName());

    private final CloseFlow closeFlow;
    private final ProtectionStatus status;
    private final Messages messages;
    private final Runnable runDue;
    private final Runnable exit;
    private Stage stage;
    private boolean saidHidden;
    private volatile DesktopTray tray = DesktopTray.none();

    /**
     * @param runDue the tray's "Run due backups now"
     * @param exit ends the app (Platform.exit in the app; tests record it instead)
     */
    WindowShell(CloseFlow closeFlow, ProtectionStatus status, Messages messages, Runnable runDue, Runnable exit) {
        this.closeFlow = closeFlow;
        this.status = status;
        this.messages = messages;
        this.runDue = runDue;
        this.exit = exit;
    }

    /** Takes over the window's close button. */
    public void attach(Stage window) {
        this.stage = window;
        window.setOnCloseRequest(this::closing);
    }

    private void closing(WindowEvent e) {
        switch (closeFlow.windowClosing()) {
            case STAY -> e.consume();
            case HIDE -> hidden();
            case QUIT -> {
                e.consume();
                quit();
            }
        }
    }

    /** The first time in a session, says where the window went and that backups go on. */
    private void hidden() {
        LOG.log(System.Logger.Level.INFO, "window hidden: protecting from the tray");
        if (!saidHidden) {
            saidHidden = true;
            tray.notify(messages.get("tray.hidden.title"), messages.get("tray.hidden.text"), false);
        }
    }

    /**
     * Shows the tray icon when the desktop has a tray, on a thread of its own (starting AWT takes a
     * moment). Only then the app stops ending with its last window: without a tray nothing could
     * bring a hidden window back, so closing keeps quitting as before.
     */
    public void startTray(DesktopTray desktop) {
        DesktopTray.Menu menu = new DesktopTray.Menu(messages.get("tray.tooltip"), messages.get("tray.open"),
                messages.get("tray.runDue"), messages.get("tray.quit"), this::open, runDue, this::quitFromTray);
        Thread t = new Thread(() -> {
            if (desktop.show(menu)) {
                tray = desktop;
                Platform.runLater(() -> {
                    Platform.setImplicitExit(false);
                    status.trayActive(true);
                });
            }
        }, "lifeboat-tray");
        t.setDaemon(true);
        t.start();
    }

    /** Brings the window back (the tray's "Open Lifeboat"). */
    public void open() {
        if (stage != null) {
            stage.show();
            stage.setIconified(false);
            stage.toFront();
        }
    }

    /** The tray's Quit: shows the window first, since quitting may ask about a running operation. */
    private void quitFromTray() {
        open();
        if (closeFlow.mayQuit()) {
            quit();
        }
    }

    /** Removes the tray icon and ends the app (its stop() cancels and waits for a running operation). */
    public void quit() {
        removeTray();
        exit.run();
    }

    /** Removes the icon; called again by the app's stop(), in case something else ended it. */
    public void removeTray() {
        tray.remove();
        tray = DesktopTray.none();
    }

    /**
     * A notice about something that happened in the background: by the tray icon while the window
     * is hidden, otherwise as a popup in the window's corner. On the FX thread.
     *
     * @param problem a failure (a warning) rather than a report
     */
    public void notice(String title, String text, boolean problem) {
        if (status.trayActive() && (stage == null || !stage.isShowing())) {
            tray.notify(title, text, problem);
        } else {
            Notifications popup = Notifications.create().title(title).text(text).hideAfter(Duration.seconds(20));
            if (problem) {
                popup.showWarning();
            } else {
                popup.showInformation();
            }
        }
    }
}
