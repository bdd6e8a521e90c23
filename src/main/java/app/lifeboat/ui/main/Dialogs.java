package app.lifeboat.ui.main;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.ui.database.DatabaseFormViewModel;
import app.lifeboat.ui.destination.DestinationsViewModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The main window's confirmations and small forms, as a service so that the user flows can be
 * tested with answers given in advance; {@link FxDialogs} shows them as JavaFX dialogs.
 */
public interface Dialogs {
    /** Tags (comma-separated in the form) and description of a backup. */
    record Labels(List<String> tags, String description) {}

    /** The chosen button's index (-1: closed without one) and whether "don't ask again" was ticked. */
    record Answer(int index, boolean remember) {}

    /** Asks a yes/no question; true when the person chose the button named by {@code buttonKey}. */
    boolean confirm(String titleKey, String text, String buttonKey);

    /**
     * Asks a question with several answers; returns the index of the chosen button, or -1 when the
     * dialog was closed without one.
     */
    int choose(String titleKey, String text, List<String> buttonKeys);

    /** Like {@link #choose}, with a "don't ask again" check box labelled by {@code rememberKey}. */
    Answer chooseRemembering(String titleKey, String text, List<String> buttonKeys, String rememberKey);

    /** Opens a folder in the desktop's file manager. */
    void openFolder(Path folder);

    /** Shows a message without waiting for it to be closed. */
    void inform(String title, String text);

    /** The restore confirmation: which backup, from when, its verification, and the safety copy. */
    boolean confirmRestore(String database, String target, BackupRecord backup, Instant now);

    /** The tags and description of a backup, or empty when the person cancelled. */
    Optional<Labels> editLabels(BackupRecord backup);

    /** Shows the add/settings form; {@code saved} runs once the engine has accepted it. */
    void databaseForm(DatabaseFormViewModel form, Consumer<DatabaseSettings> saved);

    /** Shows the Destinations window (not modal); {@code closed} runs when it is closed. */
    void destinations(DestinationsViewModel model, Runnable closed);

    /**
     * Asks which of the database's other destinations to restore from; empty when the person
     * cancelled.
     */
    Optional<String> chooseDestination(String database, List<String> destinations);

    /** Version, home and log folder, with a link that opens the log folder. */
    void about();
}
