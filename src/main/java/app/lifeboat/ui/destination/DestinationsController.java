package app.lifeboat.ui.destination;

import app.lifeboat.core.destination.DestinationCheck;
import app.lifeboat.ui.common.Messages;
import java.util.function.Function;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.event.ActionEvent;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** Binds the Destinations window to its {@link DestinationsViewModel}; Add and Edit open the form, Remove asks first. */
public final class DestinationsController {
    private final DestinationsViewModel model;
    private final Messages messages;
    private final Function<DestinationFormViewModel, Parent> formView;

    @FXML private Label errorLabel;
    @FXML private TableView<DestinationRow> destinationsTable;
    @FXML private TableColumn<DestinationRow, String> nameColumn;
    @FXML private TableColumn<DestinationRow, String> kindColumn;
    @FXML private TableColumn<DestinationRow, String> urlColumn;
    @FXML private TableColumn<DestinationRow, String> usersColumn;
    @FXML private Button addButton;
    @FXML private Button testButton;
    @FXML private Button editButton;
    @FXML private Button removeButton;
    @FXML private Button acceptHostKeyButton;
    @FXML private Label testSummaryLabel;
    @FXML private ListView<DestinationCheck.Step> stepsList;

    /** @param formView loads the add form for a form model (the composition root's FXML loader) */
    public DestinationsController(DestinationsViewModel model, Messages messages,
            Function<DestinationFormViewModel, Parent> formView) {
        this.model = model;
        this.messages = messages;
        this.formView = formView;
    }

    @FXML
    private void initialize() {
        destinationsTable.setItems(model.destinations());
        // The first destination is selected once listed, so Test works straight from the keyboard (Alt+T).
        model.destinations().addListener((ListChangeListener<DestinationRow>) c -> {
            if (destinationsTable.getSelectionModel().isEmpty() && !model.destinations().isEmpty()) {
                destinationsTable.getSelectionModel().select(0);
            }
        });
        nameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        kindColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().kind()));
        urlColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().url()));
        usersColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().users().isEmpty()
                ? messages.get("destinations.users.none") : String.join(", ", c.getValue().users())));
        BooleanBinding noRow = model.busyProperty().or(destinationsTable.getSelectionModel().selectedItemProperty().isNull());
        testButton.disableProperty().bind(noRow);
        removeButton.disableProperty().bind(noRow);
        editButton.disableProperty().bind(noRow);
        // Offered only after a test met an unknown SSH host key: the person compares and decides.
        acceptHostKeyButton.visibleProperty().bind(model.hostKeyToConfirmProperty().isNotNull());
        acceptHostKeyButton.managedProperty().bind(acceptHostKeyButton.visibleProperty());
        acceptHostKeyButton.disableProperty().bind(model.busyProperty());
        addButton.disableProperty().bind(model.busyProperty());
        errorLabel.textProperty().bind(model.errorProperty());
        errorLabel.visibleProperty().bind(model.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        testSummaryLabel.textProperty().bind(model.testSummaryProperty());
        stepsList.setItems(model.steps());
        stepsList.setCellFactory(v -> new StepCell());
        Label none = new Label(messages.get("destinations.steps.none"));
        none.setWrapText(true);
        none.setMaxWidth(520);
        stepsList.setPlaceholder(none);
    }

    /** "✓ write — 64 KiB probe object written", or "✗ read back — FAILED: ...". */
    private final class StepCell extends ListCell<DestinationCheck.Step> {
        @Override
        protected void updateItem(DestinationCheck.Step s, boolean empty) {
            super.updateItem(s, empty);
            getStyleClass().removeAll("step-ok", "step-failed");
            if (empty || s == null) {
                setText(null);
                return;
            }
            setText(messages.get(s.ok() ? "destinations.step.ok" : "destinations.step.failed", s.step(), s.detail()));
            getStyleClass().add(s.ok() ? "step-ok" : "step-failed");
        }
    }

    private String selected() {
        DestinationRow row = destinationsTable.getSelectionModel().getSelectedItem();
        return row == null ? null : row.name();
    }

    @FXML
    private void onTest() {
        if (selected() != null) {
            model.test(selected());
        }
    }

    @FXML
    private void onAcceptHostKey() {
        String fingerprint = model.hostKeyToConfirmProperty().get();
        if (fingerprint == null) {
            return;
        }
        ButtonType trust = new ButtonType(messages.get("destinations.acceptHostKey.button"), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, messages.get("destinations.acceptHostKey.text",
                selected() == null ? "" : selected(), fingerprint), trust, ButtonType.CANCEL);
        alert.initOwner(destinationsTable.getScene().getWindow());
        alert.setTitle(messages.get("destinations.acceptHostKey.title"));
        alert.setHeaderText(null);
        alert.getDialogPane().setId("acceptHostKeyDialog");
        if (alert.showAndWait().filter(trust::equals).isPresent()) {
            model.acceptHostKey();
        }
    }

    @FXML
    private void onRemove() {
        DestinationRow row = destinationsTable.getSelectionModel().getSelectedItem();
        if (row == null) {
            return;
        }
        ButtonType remove = new ButtonType(messages.get("destinations.remove.button"), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, messages.get("destinations.remove.text", row.name(), row.url()),
                remove, ButtonType.CANCEL);
        alert.initOwner(destinationsTable.getScene().getWindow());
        alert.setTitle(messages.get("destinations.remove.title"));
        alert.setHeaderText(null);
        alert.getDialogPane().setId("removeDestinationDialog");
        if (alert.showAndWait().filter(remove::equals).isPresent()) {
            model.remove(row.name());
        }
    }

    @FXML
    private void onAdd() {
        showForm(model.newForm(), "destinationForm.title", "destinationForm.add", "destinationAddButton");
    }

    @FXML
    private void onEdit() {
        DestinationRow row = destinationsTable.getSelectionModel().getSelectedItem();
        if (row != null) {
            showForm(model.editForm(row.settings()), "destinationForm.editTitle", "destinationForm.save", "destinationSaveButton");
        }
    }

    /** The form stays open while saving and when the engine refuses, so the person can fix the field. */
    private void showForm(DestinationFormViewModel form, String titleKey, String buttonKey, String buttonId) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(destinationsTable.getScene().getWindow());
        dialog.setTitle(messages.get(titleKey));
        dialog.getDialogPane().setContent(formView.apply(form));
        dialog.getDialogPane().setId("destinationFormDialog");
        dialog.setResizable(true);
        ButtonType save = new ButtonType(messages.get(buttonKey), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setId(buttonId);
        saveButton.disableProperty().bind(form.savingProperty());
        saveButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            form.save(d -> {
                dialog.setResult(save);
                dialog.close();
            });
        });
        // Resizes as the kind's rows appear and disappear.
        form.kindProperty().addListener((o, was, now) -> dialog.getDialogPane().getScene().getWindow().sizeToScene());
        dialog.show();
    }

    @FXML
    private void onClose() {
        destinationsTable.getScene().getWindow().hide();
    }
}
