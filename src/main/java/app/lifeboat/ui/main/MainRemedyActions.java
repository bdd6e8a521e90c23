package app.lifeboat.ui.main;

import app.lifeboat.core.base.Remedy;
import app.lifeboat.ui.common.RemedyActions;
import java.util.List;
import java.util.Optional;

/** The main window's buttons for the engine's remedy kinds: the same flows its menus and banners run. */
public final class MainRemedyActions implements RemedyActions {
    private final MainFlows flows;
    private final MainCommands commands;

    public MainRemedyActions(MainFlows flows, MainCommands commands) {
        this.flows = flows;
        this.commands = commands;
    }

    @Override
    public Optional<Runnable> actionFor(Remedy remedy, List<String> args) {
        Runnable action = switch (remedy) {
            case CHOOSE_DESTINATION -> flows::chooseDestination;
            case CHANGE_SETTINGS, SET_KEY_SOURCE, PROVIDE_KEY_SOURCE, UPDATE_SOURCE_PATH,
                    TURN_OFF_ENCRYPTION_FIRST -> flows::settings;
            case BACK_UP_FIRST, FORCE -> commands::backUpNow;
            case REKEY_BACKUPS -> () -> flows.rekeyBackups("");
            default -> null;
        };
        return Optional.ofNullable(action);
    }
}
