package app.lifeboat.ui.main;

import static org.controlsfx.control.action.ActionUtils.configureButton;

import app.lifeboat.core.config.CopyTarget;
import app.lifeboat.ui.common.Messages;
import java.util.List;
import java.util.stream.Collectors;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The selected database's name and files, its warning banners, and the command buttons. */
public final class DatabaseHeaderController {
    private final MainViewModel model;
    private final MainWindowActions actions;
    private final MainCommands commands;
    private final MainFlows flows;
    private final Messages messages;

    @FXML private Label databaseTitle;
    @FXML private Label databasePath;
    @FXML private Label databaseRunning;
    @FXML private Label databaseCopies;
    @FXML private VBox bannerBox;
    @FXML private Button settingsButton;
    @FXML private Button removeButton;
    @FXML private Button restoreLatestButton;
    @FXML private Button backupButton;
    @FXML private Button verifyAllButton;
    @FXML private Button verifyButton;
    @FXML private Button restoreButton;
    @FXML private Button restoreCopyButton;
    @FXML private Button restoreFromButton;
    @FXML private Button pinButton;
    @FXML private Button labelsButton;
    @FXML private Button deleteButton;
    @FXML private Button openBackupButton;
    @FXML private Button compareButton;

    public DatabaseHeaderController(MainViewModel model, MainWindowActions actions, MainCommands commands,
            MainFlows flows, Messages messages) {
        this.model = model;
        this.actions = actions;
        this.commands = commands;
        this.flows = flows;
        this.messages = messages;
    }

    @FXML
    private void initialize() {
        configureButton(actions.settings, settingsButton);
        configureButton(actions.remove, removeButton);
        configureButton(actions.restoreLatest, restoreLatestButton);
        configureButton(actions.backup, backupButton);
        configureButton(actions.verifyAll, verifyAllButton);
        configureButton(actions.verify, verifyButton);
        configureButton(actions.restore, restoreButton);
        configureButton(actions.restoreCopy, restoreCopyButton);
        configureButton(actions.restoreFrom, restoreFromButton);
        configureButton(actions.pin, pinButton);
        configureButton(actions.labels, labelsButton);
        configureButton(actions.delete, deleteButton);
        configureButton(actions.openBackup, openBackupButton);
        configureButton(actions.compare, compareButton);
        BannerBox banners = new BannerBox(bannerBox, model, commands, messages, flows);
        model.banners().addListener((ListChangeListener<Banner>) c -> banners.rebuild());
        model.selectedProperty().addListener((o, a, item) -> showDatabase(item));
    }

    private void showDatabase(DatabaseItem item) {
        databaseTitle.setText(item == null ? "" : item.name());
        databasePath.setText(item == null ? "" : messages.get("database.path", item.settings().sourcePath(),
                item.settings().backupFolder()));
        List<CopyTarget> copies = item == null ? List.of() : item.settings().copyTo();
        databaseCopies.setText(copies.isEmpty() ? "" : messages.get("database.copies", copies.stream()
                .map(c -> c.keep() == null && c.maxCount() == null ? c.destination()
                        : messages.get("database.copies.own", c.destination()))
                .collect(Collectors.joining(", "))));
        databaseCopies.setVisible(!copies.isEmpty());
        databaseCopies.setManaged(!copies.isEmpty());
        boolean running = item != null && item.running() != null;
        databaseRunning.setText(running ? messages.get("database.running", item.running()) : "");
        databaseRunning.setVisible(running);
        databaseRunning.setManaged(running);
    }
}
