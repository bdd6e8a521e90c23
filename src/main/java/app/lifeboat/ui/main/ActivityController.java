package app.lifeboat.ui.main;

import static org.controlsfx.control.action.ActionUtils.configureButton;

import app.lifeboat.ui.common.ActivityEntry;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;

/** The running operation's progress bar with Cancel, and the activity list with a failure's details. */
public final class ActivityController {
    private final OperationRunner runner;
    private final MainWindowActions actions;
    private final Messages messages;

    @FXML private HBox operationBar;
    @FXML private ProgressBar operationProgress;
    @FXML private Label operationMessage;
    @FXML private Button cancelButton;
    @FXML private ListView<ActivityEntry> activityList;
    @FXML private ToggleButton showDetailsButton;
    @FXML private TextArea activityDetails;

    public ActivityController(OperationRunner runner, MainWindowActions actions, Messages messages) {
        this.runner = runner;
        this.actions = actions;
        this.messages = messages;
    }

    @FXML
    private void initialize() {
        operationBar.visibleProperty().bind(runner.runningProperty());
        operationBar.managedProperty().bind(operationBar.visibleProperty());
        operationProgress.progressProperty().bind(runner.progressProperty());
        operationMessage.textProperty().bind(runner.messageProperty());
        configureButton(actions.cancel, cancelButton);
        setUpActivity();
    }

    private void setUpActivity() {
        activityList.setItems(runner.activity());
        activityList.setCellFactory(l -> new Cells.ActivityCell(messages));
        BooleanBinding hasDetails = Bindings.createBooleanBinding(() -> {
            ActivityEntry e = activityList.getSelectionModel().getSelectedItem();
            return e != null && e.details() != null;
        }, activityList.getSelectionModel().selectedItemProperty());
        showDetailsButton.disableProperty().bind(hasDetails.not());
        activityDetails.visibleProperty().bind(hasDetails.and(showDetailsButton.selectedProperty()));
        activityDetails.managedProperty().bind(activityDetails.visibleProperty());
        activityList.getSelectionModel().selectedItemProperty().addListener((o, a, e) ->
                activityDetails.setText(e == null || e.details() == null ? "" : e.details()));
        // A new failure is selected so that "Show details" applies to it at once.
        runner.activity().addListener((ListChangeListener<ActivityEntry>) c -> {
            if (!runner.activity().isEmpty()) {
                activityList.getSelectionModel().select(0);
            }
        });
    }
}
