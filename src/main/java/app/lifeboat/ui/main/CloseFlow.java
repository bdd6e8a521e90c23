package app.lifeboat.ui.main;

import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.UiPreferences;
import java.util.List;

/**
 * What closing the main window does: with a tray icon, keep protecting in the background (hide the
 * window) or quit, as the person answers once or for good; without one, quit through
 * {@link MainFlows#mayQuit()} as before. It decides and asks; the shell hides or exits.
 */
public final class CloseFlow {
    /** What the shell does with the window. */
    public enum Outcome { STAY, HIDE, QUIT }

    private final MainViewModel model;
    private final MainFlows flows;
    private final Dialogs dialogs;
    private final Messages messages;
    private final UiPreferences preferences;

    public CloseFlow(MainViewModel model, MainFlows flows, Dialogs dialogs, Messages messages, UiPreferences preferences) {
        this.model = model;
        this.flows = flows;
        this.dialogs = dialogs;
        this.messages = messages;
        this.preferences = preferences;
    }

    /** The window's close button (or the window manager's): asks as needed and says what to do. */
    public Outcome windowClosing() {
        ProtectionStatus status = model.protection();
        ClosePolicy.Step step = ClosePolicy.onClose(status.trayActive(), status.choice());
        if (step == ClosePolicy.Step.ASK) {
            step = ask();
            if (step == null) {
                return Outcome.STAY;
            }
        }
        if (step == ClosePolicy.Step.HIDE) {
            return Outcome.HIDE;
        }
        return flows.mayQuit() ? Outcome.QUIT : Outcome.STAY;
    }

    /** "Quit" from the menu or the tray: always quits (after the usual questions), never hides. */
    public boolean mayQuit() {
        return flows.mayQuit();
    }

    /** Keep protecting in the background, quit, or stay (null); "don't ask again" keeps the first two. */
    private ClosePolicy.Step ask() {
        boolean running = model.runner().runningProperty().get();
        Dialogs.Answer answer = dialogs.chooseRemembering("close.ask.title",
                messages.get(ClosePolicy.questionKey(running), model.runner().messageProperty().get()),
                List.of("close.ask.background", "close.ask.quit", "close.ask.stay"), "close.ask.remember");
        ClosePolicy.Choice chosen = switch (answer.index()) {
            case 0 -> ClosePolicy.Choice.BACKGROUND;
            case 1 -> ClosePolicy.Choice.QUIT;
            default -> null;
        };
        if (chosen == null) {
            return null;
        }
        if (answer.remember()) {
            remember(chosen);
        }
        return chosen == ClosePolicy.Choice.BACKGROUND ? ClosePolicy.Step.HIDE : ClosePolicy.Step.QUIT;
    }

    /** Saves the standing answer (the File menu's check item changes it too). */
    public void remember(ClosePolicy.Choice choice) {
        model.protection().choice(choice);
        preferences.put(UiPreferences.ON_CLOSE, choice.saved());
    }
}
