package app.lifeboat.ui.common;

import app.lifeboat.core.base.Remedy;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.stage.Window;

/** Shows an error as an alert: the one sentence in front, the technical detail behind "Show details". */
public final class AlertErrorSink implements ErrorSink {
    private final Messages messages;
    private Window owner;
    private RemedyActions remedies = RemedyActions.none();

    public AlertErrorSink(Messages messages) {
        this.messages = messages;
    }

    public void setOwner(Window owner) {
        this.owner = owner;
    }

    /** The window's actions for remedies, set once the window exists. */
    public void setRemedyActions(RemedyActions remedies) {
        this.remedies = remedies;
    }

    @Override
    public void show(String title, String sentence, String details) {
        alert(title, sentence, details).show();
    }

    @Override
    public void show(String title, String sentence, String details, Remedy remedy, List<String> remedyArgs) {
        Optional<Runnable> action = remedies.actionFor(remedy, remedyArgs);
        Alert alert = alert(title, sentence, details);
        if (action.isEmpty()) {
            alert.show();
            return;
        }
        ButtonType fix = new ButtonType(messages.get("remedy.button." + remedy.name().toLowerCase(Locale.ROOT)
                .replace('_', '.')), ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(fix, ButtonType.CLOSE);
        alert.setOnHidden(e -> {
            if (fix.equals(alert.getResult())) {
                action.get().run();
            }
        });
        alert.show();
    }

    private Alert alert(String title, String sentence, String details) {
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
        return alert;
    }
}
