package app.lifeboat.ui.main;

import app.lifeboat.core.base.Version;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.ui.common.Format;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.database.DatabaseFormViewModel;
import app.lifeboat.ui.destination.DestinationsViewModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.event.ActionEvent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Dialog;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.Scene;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The main window's dialogs as JavaFX alerts and forms, owned by the main window, with all text from the bundle. */
public final class FxDialogs implements Dialogs {
    private final Messages messages;
    private final Format format;
    private final ViewFactory views;
    private final Supplier<Window> owner;
    private final Path home;
    private final Consumer<String> uriOpener;

    /**
     * @param owner the main window once it is shown
     * @param home the Lifeboat home, named in the About box
     * @param uriOpener how a link opens a folder (the platform's HostServices)
     */
    public FxDialogs(Messages messages, Format format, ViewFactory views, Supplier<Window> owner, Path home,
            Consumer<String> uriOpener) {
        this.messages = messages;
        this.format = format;
        this.views = views;
        this.owner = owner;
        this.home = home;
        this.uriOpener = uriOpener;
    }

    @Override
    public boolean confirmRestore(String database, String target, BackupRecord r, Instant now) {
        ButtonType restore = new ButtonType(messages.get("restore.confirm.button"), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", restore, ButtonType.CANCEL);
        alert.initOwner(owner.get());
        alert.setTitle(messages.get("restore.confirm.title"));
        alert.setHeaderText(messages.get("restore.confirm.header", database, format.dateTime(r.createdAt()),
                format.relative(r.createdAt(), now)));
        String verification = r.lastVerification() == null ? messages.get("restore.confirm.notVerified")
                : messages.get(r.lastVerification().ok() ? "restore.confirm.verified" : "restore.confirm.verifyFailed",
                        format.dateTime(r.lastVerification().at()), r.lastVerification().summary());
        Label text = new Label(messages.get("restore.confirm.text", r.id(), messages.get("status." + r.status().label()),
                verification, target));
        text.setWrapText(true);
        text.setMaxWidth(520);
        text.setId("restoreConfirmText");
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().setId("restoreConfirmDialog");
        return alert.showAndWait().filter(restore::equals).isPresent();
    }

    @Override
    public boolean confirm(String titleKey, String text, String buttonKey) {
        ButtonType yes = new ButtonType(messages.get(buttonKey), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, yes, ButtonType.CANCEL);
        alert.initOwner(owner.get());
        alert.setTitle(messages.get(titleKey));
        alert.setHeaderText(null);
        return alert.showAndWait().filter(yes::equals).isPresent();
    }

    @Override
    public int choose(String titleKey, String text, List<String> buttonKeys) {
        List<ButtonType> buttons = buttonKeys.stream().map(k -> new ButtonType(messages.get(k))).toList();
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, buttons.toArray(ButtonType[]::new));
        alert.initOwner(owner.get());
        alert.setTitle(messages.get(titleKey));
        alert.setHeaderText(null);
        alert.getDialogPane().setId("chooseDialog");
        fitButtons(alert, buttons);
        return alert.showAndWait().map(buttons::indexOf).orElse(-1);
    }

    @Override
    public Answer chooseRemembering(String titleKey, String text, List<String> buttonKeys, String rememberKey) {
        List<ButtonType> buttons = buttonKeys.stream().map(k -> new ButtonType(messages.get(k))).toList();
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", buttons.toArray(ButtonType[]::new));
        alert.initOwner(owner.get());
        alert.setTitle(messages.get(titleKey));
        alert.setHeaderText(null);
        Label question = new Label(text);
        question.setWrapText(true);
        question.setMaxWidth(520);
        CheckBox remember = new CheckBox(messages.get(rememberKey));
        remember.setId("rememberCheck");
        alert.getDialogPane().setContent(new VBox(12, question, remember));
        alert.getDialogPane().setId("rememberDialog");
        fitButtons(alert, buttons);
        int index = alert.showAndWait().map(buttons::indexOf).orElse(-1);
        return new Answer(index, index >= 0 && remember.isSelected());
    }

    /**
     * Answers are sentences ("Keep protecting in the background"): each button keeps its own full
     * width instead of the uniform width that cut them to "Keep protecting in …".
     */
    private static void fitButtons(Alert alert, List<ButtonType> buttons) {
        for (ButtonType type : buttons) {
            Button b = (Button) alert.getDialogPane().lookupButton(type);
            ButtonBar.setButtonUniformSize(b, false);
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
    }

    @Override
    public void inform(String title, String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text, ButtonType.OK);
        alert.initOwner(owner.get());
        alert.setTitle(title);
        alert.setHeaderText(null);
        alert.getDialogPane().setId("infoDialog");
        alert.show();
    }

    @Override
    public Optional<Labels> editLabels(BackupRecord r) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.get());
        dialog.setTitle(messages.get("labels.title", r.id()));
        TextField tags = new TextField(String.join(", ", r.tags()));
        tags.setId("tagsField");
        tags.setPromptText(messages.get("labels.tags.prompt"));
        TextField description = new TextField(r.description() == null ? "" : r.description());
        description.setId("descriptionField");
        description.setPrefColumnCount(32);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.addRow(0, new Label(messages.get("labels.tags")), tags);
        grid.addRow(1, new Label(messages.get("labels.description")), description);
        dialog.getDialogPane().setContent(grid);
        ButtonType save = new ButtonType(messages.get("labels.save"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
        return dialog.showAndWait().filter(save::equals).map(b -> new Labels(
                Arrays.stream(tags.getText().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                description.getText().isBlank() ? null : description.getText().trim()));
    }

    /** The form stays open while saving and when the engine refuses, so the person can fix the field. */
    @Override
    public void databaseForm(DatabaseFormViewModel form, Consumer<DatabaseSettings> saved) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.get());
        dialog.setTitle(messages.get(form.adding() ? "form.add.title" : "form.settings.title", form.nameProperty().get()));
        // The form scrolls inside a dialog that fits the screen, so neither a small screen nor an
        // error message can push Save and Cancel out of view; an error scrolls the form to its top.
        ScrollPane scroll = new ScrollPane(views.databaseForm(form));
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(Math.min(640, Screen.getPrimary().getVisualBounds().getHeight() * 0.7));
        form.errorProperty().addListener((o, was, now) -> scroll.setVvalue(0));
        dialog.getDialogPane().setContent(scroll);
        dialog.setResizable(true);
        dialog.getDialogPane().setId("databaseFormDialog");
        ButtonType save = new ButtonType(messages.get(form.adding() ? "form.add.button" : "form.save.button"),
                ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setId("formSaveButton");
        saveButton.disableProperty().bind(form.savingProperty());
        saveButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            form.save(settings -> {
                dialog.setResult(save);
                dialog.close();
                saved.accept(settings);
            });
        });
        dialog.show();
    }

    @Override
    public void destinations(DestinationsViewModel model, Runnable closed) {
        Stage stage = new Stage();
        stage.initOwner(owner.get());
        stage.setTitle(messages.get("destinations.title"));
        stage.setScene(new Scene(views.destinations(model)));
        stage.setOnHidden(e -> closed.run());
        model.reload();
        stage.show();
    }

    @Override
    public Optional<String> chooseDestination(String database, List<String> destinations) {
        ChoiceDialog<String> dialog = new ChoiceDialog<>(destinations.get(0), destinations);
        dialog.initOwner(owner.get());
        dialog.setTitle(messages.get("restoreFrom.choose.title"));
        dialog.setHeaderText(null);
        dialog.setContentText(messages.get("restoreFrom.choose.text", database));
        dialog.getDialogPane().setId("chooseDestinationDialog");
        return dialog.showAndWait();
    }

    @Override
    public void openFolder(Path folder) {
        uriOpener.accept(folder.toUri().toString());
    }

    @Override
    public void about() {
        Path logs = home.resolve("logs");
        Alert about = new Alert(Alert.AlertType.INFORMATION);
        about.initOwner(owner.get());
        about.setTitle(messages.get("about.title"));
        about.setHeaderText(messages.get("about.header", Version.current()));
        Hyperlink open = new Hyperlink(messages.get("about.openLogs"));
        open.setId("openLogsLink");
        open.setOnAction(e -> uriOpener.accept(logs.toUri().toString()));
        Label text = new Label(messages.get("about.text", home, logs));
        text.setWrapText(true);
        about.getDialogPane().setContent(new VBox(8, text, open));
        about.show();
    }
}
