package app.lifeboat.ui.main;

import static org.controlsfx.control.action.ActionUtils.configureButton;

import app.lifeboat.ui.common.Messages;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;

/** The sidebar: the registered databases with their health; choosing one selects it in the model. */
public final class DatabaseListController {
    private final MainViewModel model;
    private final MainWindowActions actions;
    private final Messages messages;

    @FXML private ListView<DatabaseItem> databaseList;
    @FXML private Button addButton;

    public DatabaseListController(MainViewModel model, MainWindowActions actions, Messages messages) {
        this.model = model;
        this.actions = actions;
        this.messages = messages;
    }

    @FXML
    private void initialize() {
        configureButton(actions.add, addButton);
        databaseList.setItems(model.databases());
        databaseList.setCellFactory(l -> new Cells.DatabaseCell(messages));
        databaseList.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (item != null) {
                model.select(item.name());
            }
        });
        // After a reload replaces the items, select the model's database again.
        model.databases().addListener((ListChangeListener<DatabaseItem>) c -> reselect());
        model.selectedNameProperty().addListener((o, a, n) -> reselect());
    }

    private void reselect() {
        String name = model.selectedNameProperty().get();
        DatabaseItem current = databaseList.getSelectionModel().getSelectedItem();
        if (name == null || current != null && current.name().equals(name) && model.databases().contains(current)) {
            return;
        }
        model.databases().stream().filter(i -> i.name().equals(name)).findFirst()
                .ifPresent(i -> databaseList.getSelectionModel().select(i));
    }
}
