package app.lifeboat.ui.inspect;

import app.lifeboat.core.inspect.SchemaObject;
import app.lifeboat.ui.common.Messages;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;

/**
 * Binds the backup browser to its {@link BrowserViewModel}. The grid is a virtualised
 * {@link TableView}: a row shown near the end of what has arrived asks for the next page.
 */
public final class BrowserController {
    /** How close to the last loaded row a shown row asks for the next page. */
    private static final int PREFETCH_ROWS = 40;

    private final BrowserViewModel model;
    private final Messages messages;

    @FXML private HBox openingBar;
    @FXML private ProgressBar openingProgress;
    @FXML private Label openingLabel;
    @FXML private Label browserErrorLabel;
    @FXML private ListView<SchemaObject> browserTablesList;
    @FXML private TextArea schemaArea;
    @FXML private TableView<List<String>> rowsTable;
    @FXML private Label statusLabel;
    @FXML private TextArea sqlArea;
    @FXML private Button runButton;
    @FXML private Button browserCancelButton;
    @FXML private Button restoreTableButton;

    public BrowserController(BrowserViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
    }

    @FXML
    private void initialize() {
        openingBar.visibleProperty().bind(model.openingProperty());
        openingBar.managedProperty().bind(openingBar.visibleProperty());
        openingProgress.progressProperty().bind(model.progressProperty());
        openingLabel.textProperty().bind(model.messageProperty());
        browserErrorLabel.textProperty().bind(model.errorProperty());
        browserErrorLabel.visibleProperty().bind(model.errorProperty().isNotEmpty());
        browserErrorLabel.managedProperty().bind(browserErrorLabel.visibleProperty());
        statusLabel.textProperty().bind(model.statusProperty());
        schemaArea.textProperty().bind(model.schemaTextProperty());
        browserTablesList.setItems(model.tables());
        browserTablesList.setCellFactory(v -> new TableCellOfList());
        browserTablesList.getSelectionModel().selectedItemProperty().addListener((o, was, t) -> {
            if (t != null && !t.name().equals(model.selectedTableProperty().get())) {
                model.select(t.name());
            }
        });
        model.selectedTableProperty().addListener((o, was, t) -> {
            if (t == null) {
                browserTablesList.getSelectionModel().clearSelection();
            } else {
                model.tables().stream().filter(x -> x.name().equals(t)).findFirst()
                        .ifPresent(x -> browserTablesList.getSelectionModel().select(x));
            }
        });
        model.columns().addListener((ListChangeListener<String>) c -> rebuildColumns());
        rowsTable.setItems(model.rows());
        rowsTable.setRowFactory(t -> new PagingRow());
        runButton.disableProperty().bind(model.openProperty().not().or(model.busyProperty())
                .or(sqlArea.textProperty().isEmpty()));
        browserCancelButton.disableProperty().bind(model.openingProperty().not().and(model.busyProperty().not()));
        restoreTableButton.disableProperty().bind(model.openProperty().not().or(model.busyProperty())
                .or(model.selectedTableProperty().isNull()));
    }

    private void rebuildColumns() {
        rowsTable.getColumns().clear();
        for (int i = 0; i < model.columns().size(); i++) {
            int index = i;
            TableColumn<List<String>, String> column = new TableColumn<>(model.columns().get(i));
            column.setCellValueFactory(c -> new ReadOnlyStringWrapper(index < c.getValue().size() ? c.getValue().get(index)
                    : null));
            column.setCellFactory(c -> new ValueCell());
            column.setSortable(false); // the rows come in key order, page by page: sorting would sort one part
            column.setPrefWidth(140);
            rowsTable.getColumns().add(column);
        }
    }

    @FXML
    private void onRun() {
        model.runQuery(sqlArea.getText());
    }

    @FXML
    private void onCancel() {
        model.cancel();
    }

    @FXML
    private void onRestoreTable() {
        model.restoreSelected();
    }

    /** A table with its row count. */
    private final class TableCellOfList extends ListCell<SchemaObject> {
        @Override
        protected void updateItem(SchemaObject item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : messages.get("browser.table", item.name(), item.rows()));
        }
    }

    /** A row shown near the end of the loaded rows asks for the next page (the grid only makes rows it shows). */
    private final class PagingRow extends TableRow<List<String>> {
        @Override
        protected void updateItem(List<String> item, boolean empty) {
            super.updateItem(item, empty);
            if (!empty && model.hasMore() && getIndex() >= model.rows().size() - PREFETCH_ROWS) {
                model.loadMore();
            }
        }
    }

    /** NULL is shown as a word in its own style, so it is not mistaken for an empty text. */
    private static final class ValueCell extends TableCell<List<String>, String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().remove("value-null");
            if (empty) {
                setText(null);
            } else if (item == null) {
                setText("NULL");
                getStyleClass().add("value-null");
            } else {
                setText(item);
            }
        }
    }
}
