package app.lifeboat.ui.common;

import javafx.scene.control.Alert;
import javafx.scene.control.TextArea;
import javafx.stage.Window;

/** Shows an error as an alert: the one sentence in front, the technical detail behind "Show details". */
public final class AlertErrorSink implements ErrorSink {
    private final Messages messages;
    private Window owner;

    public AlertErrorSink(Messages messages) {
        this.messages = messages;
    }

    public void setOwner(Window owner) {
        this.owner = owner;
    }

    @Override
    public void show(String title, String sentence, String details) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle(messages.get("error.title"));
        alert.setHeaderText(title);
        alert.setContentText(sentence);
        alert.getDialogPane().setId("errorDialog");
        if (details != null && !details.isBlank()) {
            TextArea text = new TextArea(details);
            text.setEditable(false);
            text.setWrapText(false);
            text.setPrefRowCount(12);
            alert.getDialogPane().setExpandableContent(text);
        }
        alert.show();
    }
}
