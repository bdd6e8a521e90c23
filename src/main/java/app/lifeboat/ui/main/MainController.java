package app.lifeboat.ui.main;

import static org.controlsfx.control.action.ActionUtils.configureButton;
import static org.controlsfx.control.action.ActionUtils.configureMenuItem;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The main window's frame: binds the menus to the commands' actions and shows the attention bar
 * and the first-run state. The parts inside have their own controllers (fx:include).
 */
public final class MainController {
    private final MainViewModel model;
    private final MainWindowActions actions;

    @FXML private HBox attentionBar;
    @FXML private Label attentionLabel;
    @FXML private Hyperlink attentionOpenLink;
    @FXML private Label protectionLabel;
    @FXML private VBox emptyState;
    @FXML private Button emptyAddButton;
    @FXML private Button demoButton;
    @FXML private SplitPane mainSplit;
    @FXML private VBox databasePane;
    @FXML private MenuItem addMenuItem;
    @FXML private MenuItem demoMenuItem;
    @FXML private MenuItem settingsMenuItem;
    @FXML private MenuItem removeMenuItem;
    @FXML private MenuItem destinationsMenuItem;
    @FXML private MenuItem quitMenuItem;
    @FXML private CheckMenuItem backgroundMenuItem;
    @FXML private MenuItem backupMenuItem;
    @FXML private MenuItem verifyMenuItem;
    @FXML private MenuItem verifyAllMenuItem;
    @FXML private MenuItem restoreLatestMenuItem;
    @FXML private MenuItem restoreMenuItem;
    @FXML private MenuItem restoreCopyMenuItem;
    @FXML private MenuItem restoreFromMenuItem;
    @FXML private MenuItem openBackupMenuItem;
    @FXML private MenuItem compareMenuItem;
    @FXML private MenuItem pinMenuItem;
    @FXML private MenuItem labelsMenuItem;
    @FXML private MenuItem deleteMenuItem;
    @FXML private CheckMenuItem darkThemeMenuItem;
    @FXML private MenuItem reloadMenuItem;
    @FXML private MenuItem aboutMenuItem;

    public MainController(MainViewModel model, MainWindowActions actions) {
        this.model = model;
        this.actions = actions;
    }

    @FXML
    private void initialize() {
        emptyState.visibleProperty().bind(model.emptyProperty());
        mainSplit.visibleProperty().bind(model.emptyProperty().not().and(model.loadedProperty()));
        databasePane.disableProperty().bind(model.selectedProperty().isNull());
        attentionLabel.textProperty().bind(model.attentionProperty());
        attentionBar.visibleProperty().bind(model.attentionProperty().isNotEmpty());
        attentionBar.managedProperty().bind(attentionBar.visibleProperty());
        model.attentionNeededProperty().addListener((o, a, b) -> styleAttention(b));
        styleAttention(model.attentionNeededProperty().get());
        configureButton(actions.openHome, attentionOpenLink);
        attentionOpenLink.visibleProperty().bind(model.loadErrorProperty().isNotEmpty());
        attentionOpenLink.managedProperty().bind(attentionOpenLink.visibleProperty());
        protectionLabel.textProperty().bind(model.protection().textProperty());
        configureButton(actions.add, emptyAddButton);
        configureButton(actions.demo, demoButton);
        bindMenus();
    }

    private void bindMenus() {
        configureMenuItem(actions.add, addMenuItem);
        configureMenuItem(actions.demo, demoMenuItem);
        configureMenuItem(actions.settings, settingsMenuItem);
        configureMenuItem(actions.remove, removeMenuItem);
        configureMenuItem(actions.destinations, destinationsMenuItem);
        configureMenuItem(actions.quit, quitMenuItem);
        configureMenuItem(actions.background, backgroundMenuItem);
        // Only a desktop with a tray can keep Lifeboat running without its window.
        backgroundMenuItem.visibleProperty().bind(model.protection().trayActiveProperty());
        configureMenuItem(actions.backup, backupMenuItem);
        configureMenuItem(actions.verify, verifyMenuItem);
        configureMenuItem(actions.verifyAll, verifyAllMenuItem);
        configureMenuItem(actions.restoreLatest, restoreLatestMenuItem);
        configureMenuItem(actions.restore, restoreMenuItem);
        configureMenuItem(actions.restoreCopy, restoreCopyMenuItem);
        configureMenuItem(actions.restoreFrom, restoreFromMenuItem);
        configureMenuItem(actions.openBackup, openBackupMenuItem);
        configureMenuItem(actions.compare, compareMenuItem);
        configureMenuItem(actions.pin, pinMenuItem);
        configureMenuItem(actions.labels, labelsMenuItem);
        configureMenuItem(actions.delete, deleteMenuItem);
        configureMenuItem(actions.darkTheme, darkThemeMenuItem);
        configureMenuItem(actions.reload, reloadMenuItem);
        configureMenuItem(actions.about, aboutMenuItem);
    }

    private void styleAttention(boolean needed) {
        attentionBar.getStyleClass().removeAll("attention-needed", "attention-ok");
        attentionBar.getStyleClass().add(needed ? "attention-needed" : "attention-ok");
    }
}
