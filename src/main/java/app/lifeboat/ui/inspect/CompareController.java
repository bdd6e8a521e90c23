package app.lifeboat.ui.inspect;

import app.lifeboat.core.inspect.DiffResult;
import app.lifeboat.ui.common.Messages;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;

/**
 * Binds the Compare window to its {@link CompareViewModel}: the two sides, the per-table counts,
 * the schema changes, and the selected table's changed rows with each changed cell highlighted.
 */
public final class CompareController {
    private final CompareViewModel model;
    private final Messages messages;

    @FXML private ComboBox<CompareViewModel.Side> fromBox;
    @FXML private ComboBox<CompareViewModel.Side> toBox;
    @FXML private Button runCompareButton;
    @FXML private Button compareCancelButton;
    @FXML private HBox compareProgressBar;
    @FXML private ProgressBar compareProgress;
    @FXML private Label compareProgressLabel;
    @FXML private Label compareErrorLabel;
    @FXML private Label summaryLabel;
    @FXML private TableView<DiffResult.TableDiff> compareTablesTable;
    @FXML private TableColumn<DiffResult.TableDiff, String> tableColumn;
    @FXML private TableColumn<DiffResult.TableDiff, Long> addedColumn;
    @FXML private TableColumn<DiffResult.TableDiff, Long> removedColumn;
    @FXML private TableColumn<DiffResult.TableDiff, Long> changedColumn;
    @FXML private ListView<String> schemaList;
    @FXML private Label rowsLabel;
    @FXML private TableView<DiffResult.RowChange> compareRowsTable;

    public CompareController(CompareViewModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
    }

    @FXML
    private void initialize() {
        fromBox.setItems(model.fromChoices());
        toBox.setItems(model.toChoices());
        fromBox.valueProperty().bindBidirectional(model.fromProperty());
        toBox.valueProperty().bindBidirectional(model.toProperty());
        runCompareButton.disableProperty().bind(model.runningProperty().or(fromBox.valueProperty().isNull())
                .or(toBox.valueProperty().isNull()));
        compareCancelButton.disableProperty().bind(model.runningProperty().not());
        compareProgressBar.visibleProperty().bind(model.runningProperty());
        compareProgressBar.managedProperty().bind(compareProgressBar.visibleProperty());
        compareProgress.progressProperty().bind(model.progressProperty());
        compareProgressLabel.textProperty().bind(model.messageProperty());
        compareErrorLabel.textProperty().bind(model.errorProperty());
        compareErrorLabel.visibleProperty().bind(model.errorProperty().isNotEmpty());
        compareErrorLabel.managedProperty().bind(compareErrorLabel.visibleProperty());
        summaryLabel.textProperty().bind(model.summaryProperty());
        compareTablesTable.setItems(model.tables());
        tableColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().table()));
        addedColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().added()));
        removedColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().removed()));
        changedColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().changed()));
        compareTablesTable.getSelectionModel().selectedItemProperty().addListener((o, was, t) -> {
            if (t != null) {
                model.select(t);
            }
        });
        model.selectedProperty().addListener((o, was, t) -> showRows(t));
        schemaList.setItems(model.schemaChanges());
    }

    private void showRows(DiffResult.TableDiff t) {
        compareRowsTable.getColumns().clear();
        if (t == null) {
            compareRowsTable.getItems().clear();
            rowsLabel.setText("");
            return;
        }
        if (compareTablesTable.getSelectionModel().getSelectedItem() != t) {
            compareTablesTable.getSelectionModel().select(t);
        }
        rowsLabel.setText(messages.get(t.truncated() ? "compare.rows.cut" : "compare.rows", t.table(), t.rows().size(),
                String.join(", ", t.keyedBy())) + (t.warning() != null ? " " + messages.get("compare.warning", t.warning()) : ""));
        TableColumn<DiffResult.RowChange, String> kind = new TableColumn<>(messages.get("compare.column.change"));
        kind.setCellValueFactory(c -> new ReadOnlyStringWrapper(messages.get("compare.kind."
                + c.getValue().kind().name().toLowerCase(Locale.ROOT))));
        TableColumn<DiffResult.RowChange, String> key = new TableColumn<>(String.join(", ", t.keyedBy()));
        key.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.join(", ", c.getValue().key().stream()
                .map(v -> v == null ? "NULL" : v).toList())));
        compareRowsTable.getColumns().add(kind);
        // The key gets its own column only when it is not one of the table's columns (the rowid).
        if (!t.columns().containsAll(t.keyedBy())) {
            compareRowsTable.getColumns().add(key);
        }
        for (int i = 0; i < t.columns().size(); i++) {
            int index = i;
            TableColumn<DiffResult.RowChange, DiffResult.RowChange> column = new TableColumn<>(t.columns().get(i));
            column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
            column.setCellFactory(c -> new ChangeCell(index));
            column.setPrefWidth(160);
            compareRowsTable.getColumns().add(column);
        }
        compareRowsTable.getItems().setAll(t.rows());
    }

    @FXML
    private void onCompare() {
        model.compare();
    }

    @FXML
    private void onCancel() {
        model.cancel();
    }

    /** One value of a changed row: "old → new", highlighted, where the two sides differ. */
    private static final class ChangeCell extends TableCell<DiffResult.RowChange, DiffResult.RowChange> {
        private final int index;

        ChangeCell(int index) {
            this.index = index;
        }

        @Override
        protected void updateItem(DiffResult.RowChange r, boolean empty) {
            super.updateItem(r, empty);
            getStyleClass().removeAll("diff-changed", "diff-added", "diff-removed");
            if (empty || r == null) {
                setText(null);
                return;
            }
            String before = value(r.before());
            String after = value(r.after());
            switch (r.kind()) {
                case ADDED -> {
                    setText(after);
                    getStyleClass().add("diff-added");
                }
                case REMOVED -> {
                    setText(before);
                    getStyleClass().add("diff-removed");
                }
                default -> {
                    boolean changed = !Objects.equals(before, after);
                    setText(changed ? before + " \u2192 " + after : after);
                    if (changed) {
                        getStyleClass().add("diff-changed");
                    }
                }
            }
        }

        private String value(List<String> values) {
            if (values == null || index >= values.size()) {
                return "";
            }
            String v = values.get(index);
            return v == null ? "NULL" : v;
        }
    }
}
