package app.lifeboat.ui.database;

import app.lifeboat.ui.FileDialogs;
import java.nio.file.Path;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
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
        errorLabel.textProperty().bind(model.errorProperty());
        errorLabel.visibleProperty().bind(model.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
    }

    @FXML
    private void onChooseDestination() {
        Path initial = model.destinationProperty().get().isBlank() ? null : Path.of(model.destinationProperty().get());
        dialogs.chooseFolder(chooseDestinationButton.getScene().getWindow(), initial)
                .ifPresent(p -> model.destinationProperty().set(p.toString()));
    }
}
