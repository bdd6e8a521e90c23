package app.lifeboat.ui.main;

import app.lifeboat.ui.common.Messages;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Which mechanism runs the scheduled backups now (the window, the tray, the OS timer, or none), as
 * the status line shows it. Fed by the loads (schedules, timer) and by the tray; use from the FX thread.
 */
public final class ProtectionStatus {
    private final Messages messages;
    private final ReadOnlyObjectWrapper<ClosePolicy.Mechanism> mechanism =
            new ReadOnlyObjectWrapper<>(this, "mechanism", ClosePolicy.Mechanism.NONE);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private int scheduled;
    private boolean timerInstalled;
    private final ReadOnlyBooleanWrapper trayActive = new ReadOnlyBooleanWrapper(this, "trayActive");
    private final ReadOnlyObjectWrapper<ClosePolicy.Choice> choice = new ReadOnlyObjectWrapper<>(this, "choice");

    ProtectionStatus(Messages messages, ClosePolicy.Choice choice) {
        this.messages = messages;
        this.choice.set(choice);
        update();
    }

    /** What the latest load found: enabled scheduled databases, and whether the OS timer is installed. */
    void schedules(int scheduledDatabases, boolean timer) {
        this.scheduled = scheduledDatabases;
        this.timerInstalled = timer;
        update();
    }

    /** Whether the tray icon is shown, so closing the window can keep the app running. */
    public void trayActive(boolean active) {
        trayActive.set(active);
        update();
    }

    public boolean trayActive() {
        return trayActive.get();
    }

    public ReadOnlyBooleanProperty trayActiveProperty() {
        return trayActive.getReadOnlyProperty();
    }

    /** The standing answer to the close question (changes what closing does, so what protects). */
    void choice(ClosePolicy.Choice c) {
        choice.set(c);
        update();
    }

    ClosePolicy.Choice choice() {
        return choice.get();
    }

    ReadOnlyObjectProperty<ClosePolicy.Choice> choiceProperty() {
        return choice.getReadOnlyProperty();
    }

    private void update() {
        ClosePolicy.Mechanism m = ClosePolicy.protecting(scheduled, timerInstalled, trayActive.get(), choice.get());
        mechanism.set(m);
        text.set(messages.get(m.key(), scheduled));
    }

    public ReadOnlyObjectProperty<ClosePolicy.Mechanism> mechanismProperty() {
        return mechanism.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
