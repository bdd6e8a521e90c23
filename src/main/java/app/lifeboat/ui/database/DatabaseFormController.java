package app.lifeboat.ui.database;

import app.lifeboat.ui.common.FileDialogs;
import java.nio.file.Path;
import javafx.beans.property.ObjectProperty;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;

/** Binds the database form's fields to its {@link DatabaseFormViewModel}. */
public final class DatabaseFormController {
    private final DatabaseFormViewModel model;
    private final FileDialogs dialogs;

    @FXML private TextField nameField;
    @FXML private Label sourceLabel;
    @FXML private TextField destinationField;
    @FXML private Button chooseDestinationButton;
    @FXML private Spinner<Integer> maxCountSpinner;
    @FXML private Spinner<Integer> maxAgeSpinner;
    @FXML private CheckBox onePerDayCheck;
    @FXML private CheckBox enabledCheck;
    @FXML private Label errorLabel;
    @FXML private ChoiceBox<String> compressionChoice;
    @FXML private ChoiceBox<String> storageChoice;
    @FXML private TextField scheduleField;
    @FXML private ChoiceBox<String> reverifyChoice;
    @FXML private Spinner<Integer> keepLastSpinner;
    @FXML private Spinner<Integer> keepDailySpinner;
    @FXML private Spinner<Integer> keepWeeklySpinner;
    @FXML private Spinner<Integer> keepMonthlySpinner;
    @FXML private TextField encryptToField;
    @FXML private TextField keyFileField;
    @FXML private TextField keyEnvField;
    @FXML private TextField passphraseFileField;
    @FXML private TextField passphraseEnvField;
    @FXML private PasswordField keyField;
    @FXML private ListView<CopiesViewModel.CopyRow> copiesList;
    @FXML private ChoiceBox<String> copyDestinationChoice;
    @FXML private Button addCopyButton;
    @FXML private Button removeCopyButton;
    @FXML private Spinner<Integer> copyKeepLastSpinner;
    @FXML private Spinner<Integer> copyKeepDailySpinner;
    @FXML private Spinner<Integer> copyKeepWeeklySpinner;
    @FXML private Spinner<Integer> copyKeepMonthlySpinner;
    @FXML private Spinner<Integer> copyMaxCountSpinner;

    public DatabaseFormController(DatabaseFormViewModel model, FileDialogs dialogs) {
        this.model = model;
        this.dialogs = dialogs;
    }

    @FXML
    private void initialize() {
        nameField.textProperty().bindBidirectional(model.nameProperty());
        nameField.setDisable(!model.adding());
        sourceLabel.setText(model.source().toString());
        destinationField.textProperty().bindBidirectional(model.destinationProperty());
        destinationField.setPromptText(model.defaultDestination());
        maxCountSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 100_000,
                model.maxCountProperty().get()));
        maxCountSpinner.getValueFactory().valueProperty().bindBidirectional(model.maxCountProperty());
        maxAgeSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 100_000,
                model.maxAgeDaysProperty().get()));
        maxAgeSpinner.getValueFactory().valueProperty().bindBidirectional(model.maxAgeDaysProperty());
        onePerDayCheck.selectedProperty().bindBidirectional(model.onePerDayProperty());
        enabledCheck.selectedProperty().bindBidirectional(model.enabledProperty());
        compressionChoice.getItems().setAll("default", "zstd", "gzip", "none");
        compressionChoice.valueProperty().bindBidirectional(model.compressionProperty());
        storageChoice.getItems().setAll("full", "incremental");
        storageChoice.valueProperty().bindBidirectional(model.storageProperty());
        // A compression describes full files: incremental storage compresses each page with zstd.
        compressionChoice.disableProperty().bind(model.storageProperty().isEqualTo("incremental"));
        scheduleField.textProperty().bindBidirectional(model.scheduleProperty());
        reverifyChoice.getItems().setAll("weekly", "daily", "off");
        reverifyChoice.valueProperty().bindBidirectional(model.reverifyProperty());
        keep(keepLastSpinner, model.keepLastProperty());
        keep(keepDailySpinner, model.keepDailyProperty());
        keep(keepWeeklySpinner, model.keepWeeklyProperty());
        keep(keepMonthlySpinner, model.keepMonthlyProperty());
        encryptToField.textProperty().bindBidirectional(model.encryptToProperty());
        keyFileField.textProperty().bindBidirectional(model.keyFileProperty());
        keyEnvField.textProperty().bindBidirectional(model.keyEnvProperty());
        passphraseFileField.textProperty().bindBidirectional(model.passphraseFileProperty());
        passphraseEnvField.textProperty().bindBidirectional(model.passphraseEnvProperty());
        keyField.textProperty().bindBidirectional(model.keyProperty());
        keyField.setDisable(!model.adding());
        if (model.encrypted()) {
            Platform.runLater(keyField::requestFocus); // the one thing the form needs before anything else
        }
        bindCopies(model.copies());
        errorLabel.textProperty().bind(model.errorProperty());
        errorLabel.visibleProperty().bind(model.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
    }

    private void bindCopies(CopiesViewModel copies) {
        copiesList.setItems(copies.copies());
        copiesList.setPlaceholder(new Label(model.copiesPlaceholder()));
        copiesList.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(CopiesViewModel.CopyRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : model.copyLine(r));
                setWrapText(true);
                setPrefWidth(0); // wrap inside the list instead of scrolling sideways
            }
        });
        copyDestinationChoice.setItems(copies.available());
        copyDestinationChoice.valueProperty().bindBidirectional(copies.chosenProperty());
        addCopyButton.disableProperty().bind(copies.chosenProperty().isNull());
        removeCopyButton.disableProperty().bind(copiesList.getSelectionModel().selectedItemProperty().isNull());
        keep(copyKeepLastSpinner, copies.keepLastProperty());
        keep(copyKeepDailySpinner, copies.keepDailyProperty());
        keep(copyKeepWeeklySpinner, copies.keepWeeklyProperty());
        keep(copyKeepMonthlySpinner, copies.keepMonthlyProperty());
        keep(copyMaxCountSpinner, copies.maxCountProperty());
    }

    @FXML
    private void onAddCopy() {
        model.copies().add();
    }

    @FXML
    private void onRemoveCopy() {
        CopiesViewModel.CopyRow row = copiesList.getSelectionModel().getSelectedItem();
        if (row != null) {
            model.copies().remove(row);
        }
    }

    private static void keep(Spinner<Integer> spinner, ObjectProperty<Integer> value) {
        spinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 1000, value.get() == null ? 0 : value.get()));
        spinner.getValueFactory().valueProperty().bindBidirectional(value);
        spinner.setPrefWidth(80);
    }

    @FXML
    private void onChooseDestination() {
        Path initial = model.destinationProperty().get().isBlank() ? null : Path.of(model.destinationProperty().get());
        dialogs.chooseFolder(chooseDestinationButton.getScene().getWindow(), initial)
                .ifPresent(p -> model.destinationProperty().set(p.toString()));
    }
}
