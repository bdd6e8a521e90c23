package app.lifeboat.ui.main;

import static org.controlsfx.control.action.ActionUtils.configureMenuItem;

import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.ui.common.Messages;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.event.ActionEvent;
import javafx.fxml.FXML;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;

/** The selected database's backups, newest first; the selected row is the model's selected backup. */
public final class BackupsTableController {
    private final MainViewModel model;
    private final MainWindowActions actions;
    private final Messages messages;
    private String selectedBackupId;

    @FXML private TableView<BackupRow> backupsTable;
    @FXML private TableColumn<BackupRow, BackupRow.Created> createdColumn;
    @FXML private TableColumn<BackupRow, String> typeColumn;
    @FXML private TableColumn<BackupRow, BackupStatus> statusColumn;
    @FXML private TableColumn<BackupRow, BackupRow.Size> originalColumn;
    @FXML private TableColumn<BackupRow, BackupRow.Size> storedColumn;
    @FXML private TableColumn<BackupRow, BackupRow.Ratio> ratioColumn;
    @FXML private TableColumn<BackupRow, Boolean> encryptedColumn;
    @FXML private TableColumn<BackupRow, Boolean> pinnedColumn;
    @FXML private TableColumn<BackupRow, String> tagsColumn;
    @FXML private TableColumn<BackupRow, String> descriptionColumn;
    @FXML private MenuItem openBackupContextItem;
    @FXML private MenuItem compareContextItem;
    @FXML private MenuItem verifyContextItem;
    @FXML private MenuItem restoreContextItem;
    @FXML private MenuItem restoreCopyContextItem;
    @FXML private MenuItem pinContextItem;
    @FXML private MenuItem labelsContextItem;
    @FXML private MenuItem deleteContextItem;

    public BackupsTableController(MainViewModel model, MainWindowActions actions, Messages messages) {
        this.model = model;
        this.actions = actions;
        this.messages = messages;
    }

    @FXML
    private void initialize() {
        setUpColumns();
        configureMenuItem(actions.openBackup, openBackupContextItem);
        configureMenuItem(actions.compare, compareContextItem);
        configureMenuItem(actions.verify, verifyContextItem);
        // A double-click opens the backup, as a file manager opens a file.
        backupsTable.setRowFactory(t -> {
            TableRow<BackupRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()
                        && !actions.openBackup.isDisabled()) {
                    actions.openBackup.handle(new ActionEvent(row, row));
                }
            });
            return row;
        });
        configureMenuItem(actions.restore, restoreContextItem);
        configureMenuItem(actions.restoreCopy, restoreCopyContextItem);
        configureMenuItem(actions.pin, pinContextItem);
        configureMenuItem(actions.labels, labelsContextItem);
        configureMenuItem(actions.delete, deleteContextItem);
        // A sorted view over the model's list, so clicking a header sorts without touching the model.
        SortedList<BackupRow> sorted = new SortedList<>(model.backups());
        sorted.comparatorProperty().bind(backupsTable.comparatorProperty());
        backupsTable.setItems(sorted);
        createdColumn.setSortType(TableColumn.SortType.DESCENDING);
        backupsTable.getSortOrder().add(createdColumn);
        backupsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        backupsTable.getSelectionModel().selectedItemProperty().addListener((o, x, row) -> {
            if (row != null) {
                selectedBackupId = row.id();
            }
            model.selectBackup(row);
        });
        sorted.addListener((ListChangeListener<BackupRow>) c -> keepSelection(sorted));
    }

    /** Keeps the same backup selected across reloads (or the newest), so details are never blank. */
    private void keepSelection(SortedList<BackupRow> sorted) {
        if (sorted.isEmpty()) {
            return;
        }
        BackupRow current = backupsTable.getSelectionModel().getSelectedItem();
        if (current == null || !current.id().equals(selectedBackupId)) {
            sorted.stream().filter(r -> r.id().equals(selectedBackupId)).findFirst().ifPresentOrElse(
                    r -> backupsTable.getSelectionModel().select(r), () -> backupsTable.getSelectionModel().select(0));
        }
    }

    private <T> void column(TableColumn<BackupRow, T> column, Function<BackupRow, T> value) {
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    }

    private void setUpColumns() {
        column(createdColumn, BackupRow::created);
        column(typeColumn, BackupRow::type);
        column(statusColumn, BackupRow::status);
        column(originalColumn, BackupRow::original);
        column(storedColumn, BackupRow::stored);
        column(ratioColumn, BackupRow::ratio);
        column(encryptedColumn, BackupRow::encrypted);
        column(pinnedColumn, BackupRow::pinned);
        column(tagsColumn, BackupRow::tags);
        column(descriptionColumn, BackupRow::description);
        statusColumn.setCellFactory(c -> new Cells.StatusCell(messages));
        encryptedColumn.setCellFactory(c -> new Cells.FlagCell(messages.get("column.yes")));
        pinnedColumn.setCellFactory(c -> new Cells.FlagCell(messages.get("column.yes")));
    }
}
