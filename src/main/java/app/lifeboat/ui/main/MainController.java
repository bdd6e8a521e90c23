package app.lifeboat.ui.main;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.ui.common.ActivityEntry;
import app.lifeboat.ui.common.FileDialogs;
import app.lifeboat.ui.common.Format;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.Themes;
import app.lifeboat.ui.common.UiPreferences;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Binds the main window to {@link MainViewModel} and forwards its events to {@link MainCommands}.
 * Dialogs are built by {@link Dialogs}; the table's cells by {@link Cells}.
 */
public final class MainController {
    private final MainViewModel model;
    private final MainCommands commands;
    private final Messages messages;
    private final Format format;
    private final FileDialogs files;
    private final ViewFactory views;
    private final UiPreferences preferences;
    private final Executor executor;

    @FXML private BorderPane root;
    @FXML private HBox attentionBar;
    @FXML private Label attentionLabel;
    @FXML private VBox emptyState;
    @FXML private SplitPane mainSplit;
    @FXML private ListView<DatabaseItem> databaseList;
    @FXML private VBox databasePane;
    @FXML private Label databaseTitle;
    @FXML private Label databasePath;
    @FXML private VBox bannerBox;
    @FXML private Button restoreLatestButton;
    @FXML private Button backupButton;
    @FXML private Button verifyAllButton;
    @FXML private Button verifyButton;
    @FXML private Button restoreButton;
    @FXML private Button restoreCopyButton;
    @FXML private Button pinButton;
    @FXML private Button labelsButton;
    @FXML private Button deleteButton;
    @FXML private Button settingsButton;
    @FXML private Button removeButton;
    @FXML private MenuItem backupMenuItem;
    @FXML private MenuItem verifyMenuItem;
    @FXML private MenuItem verifyAllMenuItem;
    @FXML private MenuItem restoreLatestMenuItem;
    @FXML private MenuItem restoreMenuItem;
    @FXML private MenuItem restoreCopyMenuItem;
    @FXML private MenuItem pinMenuItem;
    @FXML private MenuItem labelsMenuItem;
    @FXML private MenuItem deleteMenuItem;
    @FXML private MenuItem settingsMenuItem;
    @FXML private MenuItem removeMenuItem;
    @FXML private MenuItem pinContextItem;
    @FXML private CheckMenuItem darkThemeMenuItem;
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
    @FXML private Label detailsLabel;
    @FXML private ListView<String> tablesList;
    @FXML private ListView<String> checksList;
    @FXML private Label totalsLabel;
    @FXML private javafx.scene.control.Tab historyTab;
    @FXML private LineChart<Number, Number> sizeChart;
    @FXML private NumberAxis timeAxis;
    @FXML private HBox operationBar;
    @FXML private ProgressBar operationProgress;
    @FXML private Label operationMessage;
    @FXML private Button cancelButton;
    @FXML private TitledPane activityPane;
    @FXML private ListView<ActivityEntry> activityList;
    @FXML private ToggleButton showDetailsButton;
    @FXML private TextArea activityDetails;

    private HistoryChart history;
    private MainActions actions;
    private String selectedBackupId;

    private final java.util.function.Consumer<String> uriOpener;

    public MainController(MainViewModel model, MainCommands commands, Messages messages, Format format,
            FileDialogs files, ViewFactory views, UiPreferences preferences, Executor executor,
            java.util.function.Consumer<String> uriOpener) {
        this.uriOpener = uriOpener;
        this.model = model;
        this.commands = commands;
        this.messages = messages;
        this.format = format;
        this.files = files;
        this.views = views;
        this.preferences = preferences;
        this.executor = executor;
    }

    @FXML
    private void initialize() {
        history = new HistoryChart(sizeChart, timeAxis, totalsLabel, messages, format);
        actions = new MainActions(model, commands, messages, files, views, executor, new Dialogs(messages, format),
                () -> root.getScene().getWindow());
        emptyState.visibleProperty().bind(model.emptyProperty());
        mainSplit.visibleProperty().bind(model.emptyProperty().not().and(model.loadedProperty()));
        attentionLabel.textProperty().bind(model.attentionProperty());
        attentionBar.visibleProperty().bind(model.attentionProperty().isNotEmpty());
        attentionBar.managedProperty().bind(attentionBar.visibleProperty());
        model.attentionNeededProperty().addListener((o, a, b) -> styleAttention(b));
        styleAttention(model.attentionNeededProperty().get());
        setUpDatabaseList();
        setUpTable();
        backupsTable.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> showDetails(row));
        BannerBox banners = new BannerBox(bannerBox, model, commands, messages, actions);
        model.banners().addListener((ListChangeListener<Banner>) c -> banners.rebuild());
        model.selectedProperty().addListener((o, a, item) -> showDatabase(item));
        // The chart is drawn only while its tab is shown: laying out a chart is the costliest thing here.
        Runnable chart = () -> {
            if (historyTab.isSelected()) {
                history.show(model.backups(), model.statsProperty().get());
            }
        };
        model.backups().addListener((ListChangeListener<BackupRow>) c -> chart.run());
        model.statsProperty().addListener((o, a, s) -> chart.run());
        historyTab.selectedProperty().addListener((o, a, selected) -> chart.run());
        showDetails(null);
        setUpOperationBar();
        setUpActivity();
        bindActionStates();
        darkThemeMenuItem.setSelected(preferences.darkTheme());
    }

    private <T> void column(TableColumn<BackupRow, T> column, Function<BackupRow, T> value) {
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    }

    private void setUpTable() {
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
        // A sorted view over the model's list, so clicking a header sorts without touching the model.
        javafx.collections.transformation.SortedList<BackupRow> sorted = new javafx.collections.transformation.SortedList<>(
                model.backups());
        sorted.comparatorProperty().bind(backupsTable.comparatorProperty());
        backupsTable.setItems(sorted);
        createdColumn.setSortType(TableColumn.SortType.DESCENDING);
        backupsTable.getSortOrder().add(createdColumn);
        backupsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // Keep the same backup selected across reloads (or the newest), so details are never blank.
        backupsTable.getSelectionModel().selectedItemProperty().addListener((o, x, row) -> {
            if (row != null) {
                selectedBackupId = row.id();
            }
        });
        sorted.addListener((ListChangeListener<BackupRow>) c -> {
            if (sorted.isEmpty()) {
                return;
            }
            BackupRow current = backupsTable.getSelectionModel().getSelectedItem();
            if (current == null || !current.id().equals(selectedBackupId)) {
                sorted.stream().filter(r -> r.id().equals(selectedBackupId)).findFirst().ifPresentOrElse(
                        r -> backupsTable.getSelectionModel().select(r), () -> backupsTable.getSelectionModel().select(0));
            }
        });
    }

    private void setUpDatabaseList() {
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

    private void styleAttention(boolean needed) {
        attentionBar.getStyleClass().removeAll("attention-needed", "attention-ok");
        attentionBar.getStyleClass().add(needed ? "attention-needed" : "attention-ok");
    }

    private void showDatabase(DatabaseItem item) {
        databasePane.setDisable(item == null);
        databaseTitle.setText(item == null ? "" : item.name());
        databasePath.setText(item == null ? "" : messages.get("database.path", item.settings().sourcePath(),
                item.settings().backupFolder()));
    }

    private void setUpOperationBar() {
        operationBar.visibleProperty().bind(model.runner().runningProperty());
        operationBar.managedProperty().bind(operationBar.visibleProperty());
        operationProgress.progressProperty().bind(model.runner().progressProperty());
        operationMessage.textProperty().bind(model.runner().messageProperty());
    }

    private void setUpActivity() {
        activityList.setItems(model.runner().activity());
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
        model.runner().activity().addListener((ListChangeListener<ActivityEntry>) c -> {
            if (!model.runner().activity().isEmpty()) {
                activityList.getSelectionModel().select(0);
            }
        });
    }

    private void bindActionStates() {
        BooleanBinding busy = model.runner().runningProperty().or(model.selectedProperty().isNull());
        BooleanBinding noRow = busy.or(backupsTable.getSelectionModel().selectedItemProperty().isNull());
        BooleanBinding noGood = busy.or(Bindings.createBooleanBinding(() -> model.latestGood().isEmpty(), model.backups()));
        for (var b : List.of(backupButton, verifyAllButton, settingsButton, removeButton)) {
            b.disableProperty().bind(busy);
        }
        for (var m : List.of(backupMenuItem, verifyAllMenuItem, settingsMenuItem, removeMenuItem)) {
            m.disableProperty().bind(busy);
        }
        for (var b : List.of(verifyButton, restoreButton, restoreCopyButton, pinButton, labelsButton, deleteButton)) {
            b.disableProperty().bind(noRow);
        }
        for (var m : List.of(verifyMenuItem, restoreMenuItem, restoreCopyMenuItem, pinMenuItem, labelsMenuItem,
                deleteMenuItem)) {
            m.disableProperty().bind(noRow);
        }
        restoreLatestButton.disableProperty().bind(noGood);
        restoreLatestMenuItem.disableProperty().bind(noGood);
        backupsTable.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            String text = messages.get(row != null && row.pinned() ? "action.unpin" : "action.pin");
            pinButton.setText(text);
            pinMenuItem.setText(text);
            pinContextItem.setText(text);
        });
        cancelButton.disableProperty().bind(model.runner().runningProperty().not());
    }

    private void showDetails(BackupRow row) {
        if (row == null) {
            detailsLabel.setText(messages.get("details.none"));
            tablesList.getItems().clear();
            checksList.getItems().clear();
            return;
        }
        BackupRecord r = row.record();
        detailsLabel.setText(messages.get("details.summary", r.id(), r.file(), r.sha256(), r.pageSize(), r.pageCount(),
                r.userVersion(), r.quickCheck() == null ? "–" : r.quickCheck(), format.dateTime(r.verifiedAt()),
                r.sourcePath() == null ? "–" : r.sourcePath(), r.toolVersion() == null ? "–" : r.toolVersion(),
                r.codec() == null ? "none" : r.codec()));
        tablesList.getItems().setAll(r.tables().entrySet().stream()
                .map(e -> messages.get("details.table", e.getKey(), e.getValue())).toList());
        checksList.getItems().setAll(r.lastVerification() == null ? List.of(messages.get("details.neverVerified"))
                : r.lastVerification().checks());
    }

    // ---- actions ---------------------------------------------------------------------------

    private Window window() {
        return root.getScene().getWindow();
    }

    private BackupRow selectedRow() {
        return backupsTable.getSelectionModel().getSelectedItem();
    }

    @FXML
    private void onAddDatabase() {
        actions.addDatabase();
    }

    @FXML
    private void onSettings() {
        actions.settings();
    }

    @FXML
    private void onRemove() {
        actions.remove();
    }

    @FXML
    private void onRestoreLatest() {
        actions.restoreLatest();
    }

    @FXML
    private void onRestore() {
        actions.restore(selectedRow());
    }

    @FXML
    private void onRestoreCopy() {
        actions.restoreCopy(selectedRow());
    }

    @FXML
    private void onDelete() {
        actions.delete(selectedRow());
    }

    @FXML
    private void onEditLabels() {
        actions.editLabels(selectedRow());
    }

    @FXML
    private void onTryDemo() {
        commands.tryDemo();
    }

    @FXML
    private void onQuit() {
        window().hide();
    }

    @FXML
    private void onBackUpNow() {
        commands.backUpNow();
    }

    @FXML
    private void onVerify() {
        if (selectedRow() != null) {
            commands.verify(selectedRow());
        }
    }

    @FXML
    private void onVerifyAll() {
        commands.verifyAll();
    }

    @FXML
    private void onTogglePin() {
        BackupRow row = selectedRow();
        if (row != null) {
            commands.setPinned(row, !row.pinned());
        }
    }

    @FXML
    private void onCancel() {
        model.runner().cancel();
    }

    @FXML
    private void onToggleTheme() {
        boolean dark = darkThemeMenuItem.isSelected();
        Themes.apply(dark);
        preferences.put(UiPreferences.THEME, dark ? "dark" : "light");
    }

    @FXML
    private void onReload() {
        model.reload();
    }

    /** Version, home and log folder, with a link that opens the log folder. */
    @FXML
    private void onAbout() {
        java.nio.file.Path home = model.service().home().root();
        java.nio.file.Path logs = home.resolve("logs");
        javafx.scene.control.Alert about = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION);
        about.initOwner(window());
        about.setTitle(messages.get("about.title"));
        about.setHeaderText(messages.get("about.header", app.lifeboat.core.base.Version.current()));
        javafx.scene.control.Hyperlink open = new javafx.scene.control.Hyperlink(messages.get("about.openLogs"));
        open.setId("openLogsLink");
        open.setOnAction(e -> uriOpener.accept(logs.toUri().toString()));
        javafx.scene.control.Label text = new javafx.scene.control.Label(messages.get("about.text", home, logs));
        text.setWrapText(true);
        about.getDialogPane().setContent(new javafx.scene.layout.VBox(8, text, open));
        about.show();
    }

    /** Opens the restore confirmation at start (only for the screenshot script). */
    public void openRestoreConfirmationOnceLoaded() {
        Runnable open = () -> Platform.runLater(actions::restoreLatest);
        if (model.loadedProperty().get()) {
            open.run();
        } else {
            model.loadedProperty().addListener((o, a, b) -> {
                if (b) {
                    open.run();
                }
            });
        }
    }
}
