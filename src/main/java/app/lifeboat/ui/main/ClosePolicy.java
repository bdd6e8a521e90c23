package app.lifeboat.ui.main;

import java.util.Locale;

/**
 * What protects the scheduled backups now, and what closing the main window does: the decisions
 * behind the status line and the close question, kept apart from JavaFX so they are plain to test.
 */
public final class ClosePolicy {
    /** What runs the scheduled backups, strongest first. */
    public enum Mechanism {
        /** The OS timer ({@code schedule install}) runs them even when Lifeboat is closed. */
        SYSTEM_TIMER,
        /** The app keeps running from the tray icon when its window closes. */
        TRAY,
        /** Only while the window is open. */
        WINDOW,
        /** Nothing is scheduled, so nothing runs by itself. */
        NONE;

        /** The status line's message key. */
        public String key() {
            return "protection." + name().toLowerCase(Locale.ROOT).replace("_", "");
        }
    }

    /** The person's standing answer to "keep protecting in the background?", kept in the preferences. */
    public enum Choice {
        ASK, BACKGROUND, QUIT;

        /** The saved value, or {@link #ASK} for none or an unknown one (a newer version's value). */
        public static Choice parse(String saved) {
            for (Choice c : values()) {
                if (c.name().equalsIgnoreCase(saved)) {
                    return c;
                }
            }
            return ASK;
        }

        /** The value saved in the preferences. */
        public String saved() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What closing the window does next. */
    public enum Step {
        /** Hide the window; the app keeps running from the tray, an operation included. */
        HIDE,
        /** Ask: keep protecting in the background, or quit. */
        ASK,
        /** Quit, through the usual questions (a running operation, schedules left unattended). */
        QUIT
    }

    private ClosePolicy() {}

    /**
     * @param scheduled enabled databases with a schedule
     * @param timerInstalled whether the OS timer runs {@code run-due}
     * @param trayActive whether the tray icon is shown (the desktop has a tray)
     * @param choice the standing answer to the close question
     */
    public static Mechanism protecting(int scheduled, boolean timerInstalled, boolean trayActive, Choice choice) {
        if (scheduled == 0) {
            return Mechanism.NONE;
        }
        if (timerInstalled) {
            return Mechanism.SYSTEM_TIMER;
        }
        return trayActive && choice != Choice.QUIT ? Mechanism.TRAY : Mechanism.WINDOW;
    }

    /**
     * Without a tray, closing quits as before. With one, the standing answer decides, and without
     * one the person is asked. A running operation does not change the step: in the background it
     * goes on, and quitting asks about it before cancelling it.
     */
    public static Step onClose(boolean trayActive, Choice choice) {
        if (!trayActive) {
            return Step.QUIT;
        }
        return switch (choice) {
            case BACKGROUND -> Step.HIDE;
            case QUIT -> Step.QUIT;
            case ASK -> Step.ASK;
        };
    }

    /** The close question's text key: it says that a running operation goes on in the background. */
    public static String questionKey(boolean operationRunning) {
        return operationRunning ? "close.ask.textRunning" : "close.ask.text";
    }
}
