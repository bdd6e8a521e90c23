package app.lifeboat.ui.main;

import app.lifeboat.ui.common.EngineTask;
import app.lifeboat.ui.common.FileDialogs;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import app.lifeboat.ui.database.DatabaseFormViewModel;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.concurrent.WorkerStateEvent;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

/**
 * The main window's user flows that need a dialog first (confirm, choose a file, fill a form)
 * before they hand over to {@link MainCommands}.
 */
final class MainActions {
    private final MainViewModel model;
    private final MainCommands commands;
    private final Messages messages;
    private final FileDialogs files;
    private final ViewFactory views;
    private final Executor executor;
    private final Dialogs dialogs;
    private final Supplier<Window> window;

    MainActions(MainViewModel model, MainCommands commands, Messages messages, FileDialogs files, ViewFactory views,
            Executor executor, Dialogs dialogs, Supplier<Window> window) {
        this.model = model;
        this.commands = commands;
        this.messages = messages;
        this.files = files;
        this.views = views;
        this.executor = executor;
        this.dialogs = dialogs;
        this.window = window;
    }

    private Window window() {
        return window.get();
    }

    /** File chooser, then the engine's check (in the background), then the form. */
    void addDatabase() {
        files.chooseDatabase(window()).ifPresent(path -> {
            // Refuse a file that is not SQLite before showing the form (the check opens the file).
            EngineTask<Path> check = model.runner().run(messages.get("op.check", path.getFileName()), (p, c) -> {
                model.service().checkSource(path);
                return path;
            }, ok -> new OperationRunner.Outcome(true, messages.get("result.check.ok", ok)), () -> { });
            if (check != null) {
                check.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> openForm(DatabaseFormViewModel.forAdd(
                        model.service(), executor, messages, model.runner(), path)));
            }
        });
    }

    void settings() {
        DatabaseItem item = model.selectedProperty().get();
        if (item != null) {
            openForm(DatabaseFormViewModel.forEdit(model.service(), executor, messages, model.runner(), item.settings()));
        }
    }

    /** The form stays open while saving and when the engine refuses, so the user can fix the field. */
    private void openForm(DatabaseFormViewModel form) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(window());
        dialog.setTitle(messages.get(form.adding() ? "form.add.title" : "form.settings.title", form.nameProperty().get()));
        dialog.getDialogPane().setContent(views.databaseForm(form));
        dialog.getDialogPane().setId("databaseFormDialog");
        ButtonType save = new ButtonType(messages.get(form.adding() ? "form.add.button" : "form.save.button"),
                ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setId("formSaveButton");
        saveButton.disableProperty().bind(form.savingProperty());
        saveButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            form.save(saved -> {
                dialog.setResult(save);
                dialog.close();
                model.select(saved.name());
                model.reload();
            });
        });
        dialog.show();
    }

    void remove() {
        DatabaseItem item = model.selectedProperty().get();
        if (item != null && dialogs.confirm(window(), "remove.confirm.title", messages.get("remove.confirm.text",
                item.name(), item.settings().backupFolder()), "remove.confirm.button")) {
            commands.remove();
        }
    }

    void restoreLatest() {
        model.latestGood().ifPresentOrElse(this::restore,
                () -> dialogs.inform(window(), messages.get("restore.none.title"), messages.get("restore.none.text")));
    }

    /** One confirmation that says exactly what will happen, then the restore, then its result. */
    void restore(BackupRow row) {
        DatabaseItem item = model.selectedProperty().get();
        if (row == null || item == null) {
            return;
        }
        boolean go = dialogs.restoreConfirmation(window(), item.name(), item.settings().sourcePath(), row.record(),
                model.service().clock().instant()).showAndWait()
                .filter(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).isPresent();
        if (!go) {
            return;
        }
        java.util.Optional<java.util.List<java.nio.file.Path>> identities = identitiesFor(row);
        if (identities.isEmpty()) {
            return;
        }
        var task = commands.restore(row, identities.get());
        if (task != null) {
            // Deferred so the runner has recorded the outcome first; the dialog repeats its sentence.
            task.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> Platform.runLater(() -> dialogs.inform(
                    window(), messages.get("restore.done.title"), model.runner().activity().get(0).message())));
        }
    }

    void restoreCopy(BackupRow row) {
        if (row != null) {
            java.util.Optional<java.util.List<java.nio.file.Path>> identities = identitiesFor(row);
            if (identities.isEmpty()) {
                return;
            }
            files.chooseNewFile(window(), model.selectedNameProperty().get() + "-" + row.id() + ".db")
                    .ifPresent(to -> commands.restoreAsCopy(row, to, identities.get()));
        }
    }

    /**
     * A backup encrypted to an age public key needs its identity file to be restored: ask for it.
     * Empty when the person cancelled; an empty list when no identity is needed.
     */
    private java.util.Optional<java.util.List<java.nio.file.Path>> identitiesFor(BackupRow row) {
        var r = row.record();
        boolean needsIdentity = r.format().ageEncrypted() && r.recipients().stream().anyMatch(x -> x.startsWith("age1"));
        if (!needsIdentity) {
            return java.util.Optional.of(java.util.List.of());
        }
        return files.chooseIdentity(window()).map(java.util.List::of);
    }

    void delete(BackupRow row) {
        if (row != null && dialogs.confirm(window(), "delete.confirm.title",
                messages.get("delete.confirm.text", row.id(), row.created().text()), "delete.confirm.button")) {
            commands.delete(row);
        }
    }

    void editLabels(BackupRow row) {
        if (row != null) {
            dialogs.editLabels(window(), row.record()).ifPresent(l -> commands.setLabels(row, l.tags(), l.description()));
        }
    }

    void chooseDestination() {
        files.chooseFolder(window(), null).ifPresent(commands::setDestination);
    }
}
