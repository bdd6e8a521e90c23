package app.lifeboat.ui.main;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.config.CopyTarget;
import app.lifeboat.ui.common.EngineTask;
import app.lifeboat.ui.common.FileDialogs;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import app.lifeboat.ui.database.DatabaseFormViewModel;
import app.lifeboat.ui.destination.DestinationsViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.concurrent.WorkerStateEvent;
import javafx.stage.Window;

/**
 * The main window's user flows that need an answer first (confirm, choose a file, fill a form)
 * before they hand over to {@link MainCommands}. They ask through {@link Dialogs} and
 * {@link FileDialogs}, so they run without a window when those are fakes.
 */
public final class MainFlows {
    private final MainViewModel model;
    private final MainCommands commands;
    private final Messages messages;
    private final FileDialogs files;
    private final Dialogs dialogs;
    private final Executor executor;
    private final Supplier<Window> owner;

    /** @param owner the window file pickers belong to (may give null: then they float) */
    public MainFlows(MainViewModel model, MainCommands commands, Messages messages, FileDialogs files, Dialogs dialogs,
            Executor executor, Supplier<Window> owner) {
        this.model = model;
        this.commands = commands;
        this.messages = messages;
        this.files = files;
        this.dialogs = dialogs;
        this.executor = executor;
        this.owner = owner;
    }

    /** File chooser, then the engine's check (in the background), then the form. */
    public void addDatabase() {
        files.chooseDatabase(owner.get()).ifPresent(path -> {
            // Refuse a file that is not SQLite before showing the form (the check opens the file); an
            // encrypted one goes on to the form, which asks for its key.
            EngineTask<Boolean> check = model.runner().run(messages.get("op.check", path.getFileName()),
                    (p, c) -> model.service().inspectSource(path),
                    encrypted -> new OperationRunner.Outcome(true, messages.get("result.check.ok", path)), () -> { });
            if (check != null) {
                check.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> openForm(DatabaseFormViewModel.forAdd(
                        model.service(), executor, messages, model.runner(), path, check.getValue())));
            }
        });
    }

    /**
     * Whether the window may close now: while an operation runs, asks first, and on yes cancels it
     * so that it removes its temporary files before the app exits (the caller waits for that).
     */
    public boolean mayQuit() {
        if (!model.runner().runningProperty().get()) {
            return mayLeaveSchedulesUnattended();
        }
        if (!dialogs.confirm("quit.confirm.title", messages.get("quit.confirm.text", model.runner().messageProperty().get()),
                "quit.confirm.button")) {
            return false;
        }
        model.runner().cancel();
        return true;
    }

    /**
     * Says which protection remains once the window closes: with scheduled databases and no OS
     * timer, nothing backs them up until the app is opened again, so it offers to install the timer.
     */
    private boolean mayLeaveSchedulesUnattended() {
        int unprotected = model.unprotectedWhenClosed();
        if (unprotected == 0) {
            return true;
        }
        int choice = dialogs.choose("quit.schedules.title", messages.get("quit.schedules.text", unprotected),
                List.of("quit.schedules.install", "quit.schedules.quit", "quit.schedules.stay"));
        if (choice == 0) {
            EngineTask<List<Path>> install = commands.installTimer();
            if (install != null) {
                install.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> owner.get().hide());
            }
            return false; // the window closes once the timer is installed
        }
        return choice == 1;
    }

    public void settings() {
        DatabaseItem item = model.selectedProperty().get();
        if (item != null) {
            openForm(DatabaseFormViewModel.forEdit(model.service(), executor, messages, model.runner(), item.settings(),
                    item.health().backupCount()));
        }
    }

    private void openForm(DatabaseFormViewModel form) {
        dialogs.databaseForm(form, saved -> {
            model.select(saved.name());
            model.reload();
        });
    }

    public void remove() {
        DatabaseItem item = model.selectedProperty().get();
        if (item != null && dialogs.confirm("remove.confirm.title", messages.get("remove.confirm.text",
                item.name(), item.settings().backupFolder()), "remove.confirm.button")) {
            commands.remove();
        }
    }

    public void restoreLatest() {
        model.latestGood().ifPresentOrElse(this::restore,
                () -> dialogs.inform(messages.get("restore.none.title"), messages.get("restore.none.text")));
    }

    /** One confirmation that says exactly what will happen, then the restore, then its result. */
    public void restore(BackupRow row) {
        DatabaseItem item = model.selectedProperty().get();
        if (row == null || item == null || !dialogs.confirmRestore(item.name(), item.settings().sourcePath(), row.record(),
                model.service().clock().instant())) {
            return;
        }
        Optional<List<Path>> identities = identitiesFor(row);
        if (identities.isEmpty()) {
            return;
        }
        var task = commands.restore(row, identities.get());
        if (task != null) {
            // Deferred so the runner has recorded the outcome first; the dialog repeats its sentence.
            task.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> Platform.runLater(() -> dialogs.inform(
                    messages.get("restore.done.title"), model.runner().activity().get(0).message())));
        }
    }

    /**
     * Restores from one of the database's copy destinations: which one is asked, its copies are listed
     * in the background, then the selected backup (when it was copied there) or the newest good copy
     * is confirmed like any restore and restored from there.
     */
    public void restoreFrom() {
        DatabaseItem item = model.selectedProperty().get();
        if (item == null) {
            return;
        }
        List<String> others = item.settings().copyTo().stream().map(CopyTarget::destination).toList();
        if (others.isEmpty()) {
            dialogs.inform(messages.get("restoreFrom.none.title"), messages.get("restoreFrom.none.text", item.name()));
            return;
        }
        BackupRow selectedRow = model.selectedBackupProperty().get();
        String wanted = selectedRow == null ? null : selectedRow.id();
        dialogs.chooseDestination(item.name(), others).ifPresent(dest -> {
            String name = item.name();
            EngineTask<Catalog.Listing> listing = model.runner().run(messages.get("op.listAt", name, dest),
                    (p, c) -> model.service().listAt(name, dest),
                    l -> new OperationRunner.Outcome(true, messages.get("result.listAt.ok", l.records().size(), dest)),
                    () -> { });
            if (listing != null) {
                listing.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED,
                        e -> Platform.runLater(() -> confirmRestoreFrom(item, dest, wanted, listing.getValue())));
            }
        });
    }

    private void confirmRestoreFrom(DatabaseItem item, String dest, String wanted, Catalog.Listing listing) {
        Optional<BackupRecord> chosen = wanted == null ? listing.latestGood()
                : listing.find(wanted).or(listing::latestGood);
        if (chosen.isEmpty()) {
            dialogs.inform(messages.get("restore.none.title"), messages.get("restoreFrom.noCopy.text", item.name(), dest));
            return;
        }
        BackupRecord r = chosen.get();
        if (!dialogs.confirmRestore(messages.get("restoreFrom.database", item.name(), dest), item.settings().sourcePath(),
                r, model.service().clock().instant())) {
            return;
        }
        identitiesFor(r).ifPresent(identities -> {
            var task = commands.restoreFrom(dest, r.id(), identities);
            if (task != null) {
                task.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> Platform.runLater(() -> dialogs.inform(
                        messages.get("restore.done.title"), model.runner().activity().get(0).message())));
            }
        });
    }

    public void restoreCopy(BackupRow row) {
        if (row == null) {
            return;
        }
        identitiesFor(row).ifPresent(identities -> files.chooseNewFile(owner.get(),
                model.selectedNameProperty().get() + "-" + row.id() + ".db")
                .ifPresent(to -> commands.restoreAsCopy(row, to, identities)));
    }

    /**
     * A backup encrypted to an age public key needs its identity file to be restored: ask for it.
     * Empty when the person cancelled; an empty list when no identity is needed.
     */
    private Optional<List<Path>> identitiesFor(BackupRow row) {
        return identitiesFor(row.record());
    }

    private Optional<List<Path>> identitiesFor(BackupRecord r) {
        boolean needsIdentity = r.format().ageEncrypted() && r.recipients().stream().anyMatch(x -> x.startsWith("age1"));
        if (!needsIdentity) {
            return Optional.of(List.of());
        }
        return files.chooseIdentity(owner.get()).map(List::of);
    }

    public void delete(BackupRow row) {
        if (row != null && dialogs.confirm("delete.confirm.title",
                messages.get("delete.confirm.text", row.id(), row.created().text()), "delete.confirm.button")) {
            commands.delete(row);
        }
    }

    /**
     * Replaces the backups made under an encrypted database's previous key, after saying what
     * will be deleted: every action that deletes asks first.
     *
     * @param why the banner's sentence: how many backups are under a previous key
     */
    public void rekeyBackups(String why) {
        String name = model.selectedNameProperty().get();
        if (name != null && dialogs.confirm("rekey.confirm.title", messages.get("rekey.confirm.text", name, why),
                "rekey.confirm.button")) {
            commands.rekeyBackups();
        }
    }

    public void editLabels(BackupRow row) {
        if (row != null) {
            dialogs.editLabels(row.record()).ifPresent(l -> commands.setLabels(row, l.tags(), l.description()));
        }
    }

    /** Opens the Destinations window; the main window reads the settings again when it closes. */
    public void destinations() {
        dialogs.destinations(new DestinationsViewModel(model.service(), executor, messages, model.runner()), model::reload);
    }

    public void chooseDestination() {
        files.chooseFolder(owner.get(), null).ifPresent(commands::setDestination);
    }
}
