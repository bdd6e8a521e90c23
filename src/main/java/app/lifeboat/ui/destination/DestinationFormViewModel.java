package app.lifeboat.ui.destination;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.config.DestinationSecrets;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.DestinationSettings.Kind;
import app.lifeboat.core.config.KeyringEntries;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;

/**
 * The "Add destination" and "Edit destination" form: a name, a URL, and the fields of its kind
 * (S3: endpoint, region, path-style, profile, credentials file; SFTP: identity file, known hosts,
 * password variable or file, accepted host key). When adding, the kind follows the URL as it is
 * typed, and choosing a kind starts the URL with its scheme; when editing, the name and the kind
 * stay. Secrets are asked for only to be kept in the system keyring, where the desktop has one
 * (probed in the background when the form opens); otherwise only references to them.
 */
public final class DestinationFormViewModel {
    private final BackupService service;
    private final Executor executor;
    private final Messages messages;
    private final OperationRunner runner;
    private final Consumer<DestinationSettings> added;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty url = new SimpleStringProperty(this, "url", "");
    private final ObjectProperty<Kind> kind = new SimpleObjectProperty<>(this, "kind", Kind.FOLDER);
    private final StringProperty endpoint = new SimpleStringProperty(this, "endpoint", "");
    private final StringProperty region = new SimpleStringProperty(this, "region", "");
    private final BooleanProperty pathStyle = new SimpleBooleanProperty(this, "pathStyle");
    private final StringProperty profile = new SimpleStringProperty(this, "profile", "");
    private final StringProperty credentialsFile = new SimpleStringProperty(this, "credentialsFile", "");
    private final StringProperty identityFile = new SimpleStringProperty(this, "identityFile", "");
    private final StringProperty knownHosts = new SimpleStringProperty(this, "knownHosts", "");
    private final StringProperty passwordEnv = new SimpleStringProperty(this, "passwordEnv", "");
    private final StringProperty passwordFile = new SimpleStringProperty(this, "passwordFile", "");
    private final StringProperty hostKey = new SimpleStringProperty(this, "hostKey", "");
    /** The keyring entries of the destination being edited, kept unless a new secret replaces them. */
    private KeyringEntries keyring;
    private final BooleanProperty storeInKeyring = new SimpleBooleanProperty(this, "storeInKeyring");
    private final StringProperty accessKeyId = new SimpleStringProperty(this, "accessKeyId", "");
    private final StringProperty secretAccessKey = new SimpleStringProperty(this, "secretAccessKey", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty passphrase = new SimpleStringProperty(this, "passphrase", "");
    private final ReadOnlyBooleanWrapper keyringAvailable = new ReadOnlyBooleanWrapper(this, "keyringAvailable");
    private final ReadOnlyStringWrapper keyringNote = new ReadOnlyStringWrapper(this, "keyringNote", "");
    private final ReadOnlyStringWrapper keysKept = new ReadOnlyStringWrapper(this, "keysKept", "");
    private final ReadOnlyStringWrapper passwordKept = new ReadOnlyStringWrapper(this, "passwordKept", "");
    private final ReadOnlyStringWrapper passphraseKept = new ReadOnlyStringWrapper(this, "passphraseKept", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(this, "saving");
    private final ReadOnlyBooleanWrapper editing = new ReadOnlyBooleanWrapper(this, "editing");
    private final BooleanBinding s3 = kind.isEqualTo(Kind.S3);
    private final BooleanBinding sftp = kind.isEqualTo(Kind.SFTP);

    DestinationFormViewModel(BackupService service, Executor executor, Messages messages, OperationRunner runner,
            Consumer<DestinationSettings> added) {
        this.service = service;
        this.executor = executor;
        this.messages = messages;
        this.runner = runner;
        this.added = added;
        url.addListener((o, was, now) -> {
            if (!editing.get() && now != null && !now.isBlank() && kindOf(now) != kind.get()) {
                kind.set(kindOf(now));
            }
        });
        kind.addListener((o, was, now) -> {
            if (now != null && kindOf(url.get()) != now) {
                url.set(prefix(now));
            }
        });
    }

    /** Fills the form with an existing destination's settings; saving then changes it instead of adding one. */
    void edit(DestinationSettings d) {
        editing.set(true);
        name.set(d.name());
        kind.set(d.kind());
        url.set(d.url());
        endpoint.set(orEmpty(d.endpoint()));
        region.set(orEmpty(d.region()));
        pathStyle.set(Boolean.TRUE.equals(d.pathStyle()));
        profile.set(orEmpty(d.profile()));
        credentialsFile.set(orEmpty(d.credentialsFile()));
        identityFile.set(orEmpty(d.identityFile()));
        knownHosts.set(orEmpty(d.knownHosts()));
        passwordEnv.set(orEmpty(d.passwordEnv()));
        passwordFile.set(orEmpty(d.passwordFile()));
        hostKey.set(orEmpty(d.hostKey()));
        keyring = d.keyring();
        storeInKeyring.set(keyring != null);
        String kept = messages.get("destinationForm.secret.kept");
        keysKept.set(keyring != null && keyring.hasS3Keys() ? kept : "");
        passwordKept.set(keyring != null && keyring.password() != null ? kept : "");
        passphraseKept.set(keyring != null && keyring.passphrase() != null ? kept : "");
    }

    /**
     * Asks the engine in the background whether the system keyring can keep secrets here (on Linux
     * a D-Bus call that can take seconds, so never on the FX thread); until it answers, and when it
     * cannot, the keyring choice stays off and the note says why.
     */
    public Task<Optional<String>> probeKeyring() {
        keyringNote.set(messages.get("destinationForm.keyring.checking"));
        Task<Optional<String>> task = new Task<>() {
            @Override
            protected Optional<String> call() {
                return service.keyringUnavailable();
            }
        };
        task.setOnSucceeded(e -> {
            Optional<String> why = task.getValue();
            keyringAvailable.set(why.isEmpty());
            keyringNote.set(why.map(w -> messages.get("destinationForm.keyring.unavailable", w))
                    .orElse(messages.get("destinationForm.keyring.hint")));
        });
        task.setOnFailed(e -> keyringNote.set(messages.get("destinationForm.keyring.unavailable",
                runner.sentence(task.getException()))));
        executor.execute(task);
        return task;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The engine's own reading of a URL's kind, so the form never disagrees with it. */
    private static Kind kindOf(String u) {
        return DestinationSettings.folder("x", u).kind();
    }

    private static String prefix(Kind k) {
        return k == Kind.FOLDER ? "" : k.label() + "://";
    }

    /** The URL's shape for the chosen kind, shown in the empty field. */
    public String urlPrompt(Kind k) {
        return messages.get("destinationForm.url.prompt." + k.label());
    }

    /**
     * Adds the destination (or, when editing, changes it) in the background; {@code saved} runs on
     * the FX thread once the engine accepted it.
     */
    public Task<DestinationSettings> save(Consumer<DestinationSettings> saved) {
        String n = trimmed(name.get());
        if (n == null) {
            error.set(messages.get("destinationForm.error.name"));
            return null;
        }
        String u = trimmed(url.get());
        if (u == null || u.equals(prefix(kind.get()))) {
            error.set(messages.get("destinationForm.error.url"));
            return null;
        }
        boolean isS3 = kind.get() == Kind.S3;
        boolean isSftp = kind.get() == Kind.SFTP;
        DestinationSettings d = new DestinationSettings(n, u,
                isS3 ? trimmed(endpoint.get()) : null, isS3 ? trimmed(region.get()) : null,
                isS3 && pathStyle.get() ? Boolean.TRUE : null, isS3 ? trimmed(profile.get()) : null,
                isS3 ? file(credentialsFile.get()) : null, isSftp ? file(identityFile.get()) : null,
                isSftp ? file(knownHosts.get()) : null, isSftp ? trimmed(passwordEnv.get()) : null,
                isSftp ? file(passwordFile.get()) : null, isSftp ? trimmed(hostKey.get()) : null,
                keyring, null);
        DestinationSecrets secrets = secrets(isS3, isSftp);
        if (secrets == null) {
            return null;
        }
        DestinationSettings withKeyring = storeInKeyring.get() ? d : d.withKeyring(null);
        clearSecrets();
        boolean edit = editing.get();
        Task<DestinationSettings> task = new Task<>() {
            @Override
            protected DestinationSettings call() {
                return edit ? service.editDestination(withKeyring, secrets) : service.addDestination(withKeyring, secrets);
            }
        };
        saving.set(true);
        error.set("");
        task.setOnSucceeded(e -> {
            saving.set(false);
            added.accept(task.getValue());
            saved.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            saving.set(false);
            error.set(runner.sentence(task.getException()));
        });
        executor.execute(task);
        return task;
    }

    /** What to keep in the keyring; null (with the error set) when a secret it needs is missing. */
    private DestinationSecrets secrets(boolean isS3, boolean isSftp) {
        if (!storeInKeyring.get()) {
            return DestinationSecrets.none();
        }
        char[] id = isS3 ? chars(accessKeyId.get()) : null;
        char[] secret = isS3 ? chars(secretAccessKey.get()) : null;
        char[] pw = isSftp ? chars(password.get()) : null;
        char[] pass = isSftp ? chars(passphrase.get()) : null;
        boolean kept = keyring != null && (isS3 ? keyring.hasS3Keys() : keyring.password() != null || keyring.passphrase() != null);
        if (isS3 && (id == null) != (secret == null) || !kept && id == null && pw == null && pass == null && (isS3 || isSftp)) {
            error.set(messages.get(isS3 ? "destinationForm.error.keyringKeys" : "destinationForm.error.keyringPassword"));
            return null;
        }
        return new DestinationSecrets(id, secret, pw, pass);
    }

    private static char[] chars(String s) {
        return s == null || s.isEmpty() ? null : s.toCharArray();
    }

    /** Typed secrets leave the form once handed to the engine. */
    private void clearSecrets() {
        accessKeyId.set("");
        secretAccessKey.set("");
        password.set("");
        passphrase.set("");
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** A file named in the form, made absolute as the CLI does: settings must not depend on the working folder. */
    private static String file(String s) {
        String t = trimmed(s);
        return t == null ? null : Path.of(t).toAbsolutePath().normalize().toString();
    }

    /** Keep the typed secrets in the system keyring (offered only where it is available). */
    public BooleanProperty storeInKeyringProperty() {
        return storeInKeyring;
    }

    public StringProperty accessKeyIdProperty() {
        return accessKeyId;
    }

    public StringProperty secretAccessKeyProperty() {
        return secretAccessKey;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty passphraseProperty() {
        return passphrase;
    }

    /** The prompt of the S3 key fields: that the keyring already holds them, or empty. */
    public ReadOnlyStringProperty keysKeptProperty() {
        return keysKept.getReadOnlyProperty();
    }

    /** The prompt of the password field: that the keyring already holds it, or empty. */
    public ReadOnlyStringProperty passwordKeptProperty() {
        return passwordKept.getReadOnlyProperty();
    }

    /** The prompt of the passphrase field: that the keyring already holds it, or empty. */
    public ReadOnlyStringProperty passphraseKeptProperty() {
        return passphraseKept.getReadOnlyProperty();
    }

    /** True once the background probe found a keyring that can keep secrets. */
    public ReadOnlyBooleanProperty keyringAvailableProperty() {
        return keyringAvailable.getReadOnlyProperty();
    }

    /** Why the keyring is not offered, that it is being checked, or (when it is offered) what scheduled runs do without it. */
    public ReadOnlyStringProperty keyringNoteProperty() {
        return keyringNote.getReadOnlyProperty();
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** A folder path, {@code s3://bucket/prefix} or {@code sftp://user@host[:port]/path}. */
    public StringProperty urlProperty() {
        return url;
    }

    public ObjectProperty<Kind> kindProperty() {
        return kind;
    }

    /** Whether the S3 fields apply. */
    public BooleanBinding s3Binding() {
        return s3;
    }

    /** Whether the SFTP fields apply. */
    public BooleanBinding sftpBinding() {
        return sftp;
    }

    public StringProperty endpointProperty() {
        return endpoint;
    }

    public StringProperty regionProperty() {
        return region;
    }

    public BooleanProperty pathStyleProperty() {
        return pathStyle;
    }

    public StringProperty profileProperty() {
        return profile;
    }

    public StringProperty credentialsFileProperty() {
        return credentialsFile;
    }

    public StringProperty identityFileProperty() {
        return identityFile;
    }

    public StringProperty knownHostsProperty() {
        return knownHosts;
    }

    public StringProperty passwordEnvProperty() {
        return passwordEnv;
    }

    public StringProperty passwordFileProperty() {
        return passwordFile;
    }

    /** The server's host key fingerprint ({@code SHA256:...}) the user compared and accepts. */
    public StringProperty hostKeyProperty() {
        return hostKey;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    /** True when the form changes an existing destination: its name and kind cannot change. */
    public ReadOnlyBooleanProperty editingProperty() {
        return editing.getReadOnlyProperty();
    }
}
