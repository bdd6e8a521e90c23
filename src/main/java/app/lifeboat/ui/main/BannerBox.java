package app.lifeboat.ui.main;

import app.lifeboat.ui.common.Messages;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Turns the model's banners into rows of "what is wrong" + the button that fixes it. */
final class BannerBox {
    private final VBox box;
    private final MainViewModel model;
    private final MainCommands commands;
    private final Messages messages;
    private final MainFlows flows;

    BannerBox(VBox box, MainViewModel model, MainCommands commands, Messages messages, MainFlows flows) {
        this.box = box;
        this.model = model;
        this.commands = commands;
        this.messages = messages;
        this.flows = flows;
    }

    void rebuild() {
        box.getChildren().clear();
        for (Banner b : model.banners()) {
            Label text = new Label(b.warning().message());
            text.setWrapText(true);
            text.getStyleClass().add("banner-text");
            text.setMaxWidth(Double.MAX_VALUE);
            text.setMinHeight(Region.USE_PREF_SIZE); // wrap instead of cutting the sentence
            HBox row = new HBox(10, text);
            HBox.setHgrow(text, Priority.ALWAYS);
            row.getStyleClass().addAll("banner", "banner-" + b.warning().severity().label());
            row.setId("banner-" + b.warning().code().label());
            row.setAlignment(Pos.CENTER_LEFT);
            if (b.action() != Banner.Action.NONE) {
                Button action = new Button(messages.get(b.action().key()));
                action.getStyleClass().add("banner-action");
                action.setId("bannerAction-" + b.warning().code().label());
                action.setMinWidth(Region.USE_PREF_SIZE);
                action.setOnAction(e -> run(b));
                action.disableProperty().bind(model.runner().runningProperty());
                row.getChildren().add(action);
            }
            box.getChildren().add(row);
        }
    }

    private void run(Banner banner) {
        switch (banner.action()) {
            case ENABLE_BACKUPS -> commands.setEnabled(true);
            case BACK_UP_NOW -> commands.backUpNow();
            case CHOOSE_DESTINATION -> flows.chooseDestination();
            case VERIFY_AGAIN -> commands.verifyFailed();
            case RESTORE_LATEST -> flows.restoreLatest();
            case REKEY_BACKUPS -> flows.rekeyBackups(banner.warning().message());
            case EDIT_SETTINGS -> flows.settings();
            case RETRY_COPIES -> commands.retryCopies();
            case NONE -> { }
        }
    }
}
