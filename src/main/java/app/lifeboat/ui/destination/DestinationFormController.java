package app.lifeboat.ui.destination;

import app.lifeboat.core.config.DestinationSettings.Kind;
import app.lifeboat.ui.common.FileDialogs;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.util.StringConverter;

/** Binds the destination form's fields to its {@link DestinationFormViewModel}; the kind decides which rows show. */
public final class DestinationFormController {
    private final DestinationFormViewModel model;
    private final FileDialogs files;

    @FXML private Label errorLabel;
    @FXML private TextField nameField;
    @FXML private ChoiceBox<Kind> kindChoice;
    @FXML private TextField urlField;
    @FXML private Button chooseFolderButton;
    @FXML private Node s3Grid;
    @FXML private TextField endpointField;
    @FXML private TextField regionField;
    @FXML private CheckBox pathStyleCheck;
    @FXML private TextField profileField;
    @FXML private TextField credentialsFileField;
    @FXML private Node sftpGrid;
    @FXML private TextField identityFileField;
    @FXML private TextField knownHostsField;
    @FXML private TextField passwordEnvField;
    @FXML private TextField passwordFileField;
    @FXML private TextField hostKeyField;
    @FXML private CheckBox s3KeyringCheck;
    @FXML private Label accessKeyIdLabel;
    @FXML private TextField accessKeyIdField;
    @FXML private Label secretAccessKeyLabel;
    @FXML private PasswordField secretAccessKeyField;
    @FXML private Label s3KeyringNote;
    @FXML private CheckBox sftpKeyringCheck;
    @FXML private Label passwordLabel;
    @FXML private PasswordField passwordField;
    @FXML private Label passphraseLabel;
    @FXML private PasswordField passphraseField;
    @FXML private Label sftpKeyringNote;

    public DestinationFormController(DestinationFormViewModel model, FileDialogs files) {
        this.model = model;
        this.files = files;
    }

    @FXML
    private void initialize() {
        nameField.textProperty().bindBidirectional(model.nameProperty());
        nameField.disableProperty().bind(model.editingProperty());
        kindChoice.getItems().setAll(Kind.values());
        kindChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(Kind k) {
                return k == null ? "" : k.label();
            }

            @Override
            public Kind fromString(String s) {
                return null;
            }
        });
        kindChoice.valueProperty().bindBidirectional(model.kindProperty());
        kindChoice.disableProperty().bind(model.editingProperty());
        urlField.textProperty().bindBidirectional(model.urlProperty());
        urlField.promptTextProperty().bind(Bindings.createStringBinding(() -> model.urlPrompt(model.kindProperty().get()),
                model.kindProperty()));
        showWhen(chooseFolderButton, model.kindProperty().isEqualTo(Kind.FOLDER));
        showWhen(s3Grid, model.s3Binding());
        endpointField.textProperty().bindBidirectional(model.endpointProperty());
        regionField.textProperty().bindBidirectional(model.regionProperty());
        pathStyleCheck.selectedProperty().bindBidirectional(model.pathStyleProperty());
        profileField.textProperty().bindBidirectional(model.profileProperty());
        credentialsFileField.textProperty().bindBidirectional(model.credentialsFileProperty());
        showWhen(sftpGrid, model.sftpBinding());
        identityFileField.textProperty().bindBidirectional(model.identityFileProperty());
        knownHostsField.textProperty().bindBidirectional(model.knownHostsProperty());
        passwordEnvField.textProperty().bindBidirectional(model.passwordEnvProperty());
        passwordFileField.textProperty().bindBidirectional(model.passwordFileProperty());
        hostKeyField.textProperty().bindBidirectional(model.hostKeyProperty());
        bindKeyring(s3KeyringCheck, s3KeyringNote, accessKeyIdLabel, accessKeyIdField, secretAccessKeyLabel,
                secretAccessKeyField);
        accessKeyIdField.textProperty().bindBidirectional(model.accessKeyIdProperty());
        secretAccessKeyField.textProperty().bindBidirectional(model.secretAccessKeyProperty());
        bindKeyring(sftpKeyringCheck, sftpKeyringNote, passwordLabel, passwordField, passphraseLabel, passphraseField);
        passwordField.textProperty().bindBidirectional(model.passwordProperty());
        passphraseField.textProperty().bindBidirectional(model.passphraseProperty());
        accessKeyIdField.promptTextProperty().bind(model.keysKeptProperty());
        secretAccessKeyField.promptTextProperty().bind(model.keysKeptProperty());
        passwordField.promptTextProperty().bind(model.passwordKeptProperty());
        passphraseField.promptTextProperty().bind(model.passphraseKeptProperty());
        errorLabel.textProperty().bind(model.errorProperty());
        showWhen(errorLabel, model.errorProperty().isNotEmpty());
    }

    /** The keyring choice of one kind: offered once the probe found a keyring; its secret rows show when chosen. */
    private void bindKeyring(CheckBox check, Label note, Node... secretRows) {
        check.selectedProperty().bindBidirectional(model.storeInKeyringProperty());
        check.disableProperty().bind(model.keyringAvailableProperty().not());
        note.textProperty().bind(model.keyringNoteProperty());
        for (Node n : secretRows) {
            showWhen(n, model.storeInKeyringProperty().and(model.keyringAvailableProperty()));
        }
    }

    private static void showWhen(Node node, ObservableBooleanValue shown) {
        node.visibleProperty().bind(shown);
        node.managedProperty().bind(node.visibleProperty());
    }

    @FXML
    private void onChooseFolder() {
        String typed = model.urlProperty().get();
        files.chooseFolder(chooseFolderButton.getScene().getWindow(), typed == null || typed.isBlank() ? null : Path.of(typed))
                .ifPresent(p -> model.urlProperty().set(p.toString()));
    }
}
