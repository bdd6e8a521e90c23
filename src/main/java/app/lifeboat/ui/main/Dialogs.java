package app.lifeboat.ui.main;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.ui.common.Format;
import app.lifeboat.ui.common.Messages;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** The main window's confirmations and small forms, with all text from the bundle. */
final class Dialogs {
    private final Messages messages;
    private final Format format;

    Dialogs(Messages messages, Format format) {
        this.messages = messages;
        this.format = format;
    }

    /** The restore confirmation: which backup, from when, its verification, and the safety copy. */
    Alert restoreConfirmation(Window owner, String database, String target, BackupRecord r, Instant now) {
        ButtonType restore = new ButtonType(messages.get("restore.confirm.button"), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", restore, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle(messages.get("restore.confirm.title"));
        alert.setHeaderText(messages.get("restore.confirm.header", database, format.dateTime(r.createdAt()),
                format.relative(r.createdAt(), now)));
        String verification = r.lastVerification() == null ? messages.get("restore.confirm.notVerified")
                : messages.get(r.lastVerification().ok() ? "restore.confirm.verified" : "restore.confirm.verifyFailed",
                        format.dateTime(r.lastVerification().at()), r.lastVerification().summary());
        Label text = new Label(messages.get("restore.confirm.text", r.id(), messages.get("status." + r.status().label()),
                verification, target));
        text.setWrapText(true);
        text.setMaxWidth(520);
        text.setId("restoreConfirmText");
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().setId("restoreConfirmDialog");
        return alert;
    }

    boolean confirm(Window owner, String titleKey, String text, String buttonKey) {
        ButtonType yes = new ButtonType(messages.get(buttonKey), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, yes, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle(messages.get(titleKey));
        alert.setHeaderText(null);
        return alert.showAndWait().filter(yes::equals).isPresent();
    }

    void inform(Window owner, String title, String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text, ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(null);
        alert.getDialogPane().setId("infoDialog");
        alert.show();
    }

    /** Tags (comma-separated) and description of a backup. */
    record Labels(List<String> tags, String description) {}

    Optional<Labels> editLabels(Window owner, BackupRecord r) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(messages.get("labels.title", r.id()));
        TextField tags = new TextField(String.join(", ", r.tags()));
        tags.setId("tagsField");
        tags.setPromptText(messages.get("labels.tags.prompt"));
        TextField description = new TextField(r.description() == null ? "" : r.description());
        description.setId("descriptionField");
        description.setPrefColumnCount(32);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.addRow(0, new Label(messages.get("labels.tags")), tags);
        grid.addRow(1, new Label(messages.get("labels.description")), description);
        dialog.getDialogPane().setContent(grid);
        ButtonType save = new ButtonType(messages.get("labels.save"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
        return dialog.showAndWait().filter(save::equals).map(b -> new Labels(
                Arrays.stream(tags.getText().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                description.getText().isBlank() ? null : description.getText().trim()));
    }
}
