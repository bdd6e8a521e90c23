package app.lifeboat.ui.main;

import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.Themes;
import app.lifeboat.ui.common.UiPreferences;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.event.ActionEvent;
import javafx.scene.input.KeyCombination;
import org.controlsfx.control.action.Action;

/**
 * Every command of the main window as one ControlsFX {@link Action}: its text, shortcut and enabled
 * state are set here once, and the part controllers bind the same object to its button, menu item
 * and context-menu item.
 */
public final class MainWindowActions {
    final Action add;
    final Action demo;
    final Action settings;
    final Action remove;
    final Action destinations;
    final Action quit;
    final Action background;
    final Action backup;
    final Action verify;
    final Action verifyAll;
    final Action restoreLatest;
    final Action restore;
    final Action restoreCopy;
    final Action restoreFrom;
    final Action pin;
    final Action labels;
    final Action delete;
    final Action darkTheme;
    final Action reload;
    final Action about;
    final Action openHome;
    final Action cancel;
    final Action openBackup;
    final Action compare;

    private final MainViewModel model;
    private final Messages messages;

    /**
     * @param exit ends the app once {@link CloseFlow#mayQuit()} allowed it
     * @param inspector opens the backup browser and the Compare window
     */
    public MainWindowActions(MainViewModel model, MainCommands commands, MainFlows flows, CloseFlow closeFlow,
            Dialogs dialogs, Messages messages, UiPreferences preferences, Runnable exit, BackupInspector inspector) {
        this.model = model;
        this.messages = messages;
        add = action("action.add", "Shortcut+N", e -> flows.addDatabase());
        demo = action("action.demo", null, e -> commands.tryDemo());
        settings = action("action.settings", "Shortcut+Comma", e -> flows.settings());
        remove = action("action.remove", null, e -> flows.remove());
        destinations = action("action.destinations", "Shortcut+Shift+D", e -> flows.destinations());
        quit = action("action.quit", "Shortcut+Q", e -> {
            if (closeFlow.mayQuit()) {
                exit.run();
            }
        });
        // Ticked: closing the window keeps protecting from the tray; unticked: closing quits. Either is
        // a standing answer, so this is also how "don't ask again" is undone.
        background = action("action.background", null, e -> { });
        background.setSelected(model.protection().choice() == ClosePolicy.Choice.BACKGROUND);
        model.protection().choiceProperty().addListener((o, was, c) -> background.setSelected(c == ClosePolicy.Choice.BACKGROUND));
        background.selectedProperty().addListener((o, was, on) -> {
            ClosePolicy.Choice c = on ? ClosePolicy.Choice.BACKGROUND : ClosePolicy.Choice.QUIT;
            if (model.protection().choice() != c && (on || model.protection().choice() == ClosePolicy.Choice.BACKGROUND)) {
                closeFlow.remember(c);
            }
        });
        backup = action("action.backup", "Shortcut+B", e -> commands.backUpNow());
        verify = action("action.verify", "Shortcut+Shift+V", e -> commands.verify(row()));
        verifyAll = action("action.verifyAll", null, e -> commands.verifyAll());
        restoreLatest = action("action.restoreLatest", null, e -> flows.restoreLatest());
        restore = action("action.restore", "Shortcut+R", e -> flows.restore(row()));
        restoreCopy = action("action.restoreCopy", null, e -> flows.restoreCopy(row()));
        restoreFrom = action("action.restoreFrom", null, e -> flows.restoreFrom());
        pin = action("action.pin", "Shortcut+P", e -> commands.setPinned(row(), !row().pinned()));
        labels = action("action.labels", "F2", e -> flows.editLabels(row()));
        delete = action("action.delete", "Delete", e -> flows.delete(row()));
        // The menu item's tick is the state: the theme follows it (and is saved) whenever it changes.
        darkTheme = action("action.darkTheme", null, e -> { });
        darkTheme.setSelected(preferences.darkTheme());
        darkTheme.selectedProperty().addListener((o, was, dark) -> applyTheme(preferences, dark));
        reload = action("action.reload", "F5", e -> model.reload());
        about = action("action.about", null, e -> dialogs.about());
        openHome = action("action.openHome", null, e -> dialogs.openFolder(model.service().home().root()));
        cancel = action("action.cancel", null, e -> model.runner().cancel());
        openBackup = action("action.openBackup", "Shortcut+O", e -> inspector.open(model.selectedNameProperty().get(),
                row().record()));
        compare = action("action.compare", "Shortcut+Shift+C", e -> inspector.compare(model.selectedNameProperty().get(),
                model.backups().stream().map(BackupRow::record).sorted((a, b) -> b.createdAt().compareTo(a.createdAt()))
                        .toList(), row() == null ? null : row().record()));
        bindEnabledStates();
    }

    private Action action(String key, String shortcut, Consumer<ActionEvent> handler) {
        Action action = new Action(messages.get(key), handler);
        if (shortcut != null) {
            action.setAccelerator(KeyCombination.valueOf(shortcut));
        }
        return action;
    }

    private BackupRow row() {
        return model.selectedBackupProperty().get();
    }

    private static void applyTheme(UiPreferences preferences, boolean dark) {
        Themes.apply(dark);
        preferences.put(UiPreferences.THEME, dark ? "dark" : "light");
    }

    /** The one place that says when a command can run: nothing runs twice, and backup commands need a backup. */
    private void bindEnabledStates() {
        BooleanBinding busy = model.runner().runningProperty().or(model.selectedProperty().isNull());
        BooleanBinding noRow = busy.or(model.selectedBackupProperty().isNull());
        BooleanBinding noGood = busy.or(Bindings.createBooleanBinding(() -> model.latestGood().isEmpty(), model.backups()));
        for (Action a : List.of(backup, verifyAll, settings, remove)) {
            a.disabledProperty().bind(busy);
        }
        for (Action a : List.of(verify, restore, restoreCopy, pin, labels, delete)) {
            a.disabledProperty().bind(noRow);
        }
        restoreLatest.disabledProperty().bind(noGood);
        restoreFrom.disabledProperty().bind(busy.or(Bindings.createBooleanBinding(() -> model.selectedProperty().get() == null
                || model.selectedProperty().get().settings().copyTo().isEmpty(), model.selectedProperty())));
        cancel.disabledProperty().bind(model.runner().runningProperty().not());
        // Looking inside reads a backup and changes nothing: it may run beside a backup or a restore.
        openBackup.disabledProperty().bind(model.selectedProperty().isNull().or(model.selectedBackupProperty().isNull()));
        compare.disabledProperty().bind(model.selectedProperty().isNull().or(Bindings.isEmpty(model.backups())));
        pin.textProperty().bind(Bindings.createStringBinding(() -> messages.get(row() != null && row().pinned()
                ? "action.unpin" : "action.pin"), model.selectedBackupProperty()));
    }
}
