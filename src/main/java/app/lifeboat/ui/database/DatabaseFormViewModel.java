package app.lifeboat.ui.database;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.DatabaseName;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.KeepRules;
import app.lifeboat.core.config.Storage;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
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
 * The "Add database" and per-database "Settings" form: editable fields, and a save command that
 * runs the engine's {@code add}/{@code update} in the background and reports the engine's sentence
 * inline when it refuses (the dialog stays open so the user can fix the field).
 */
public final class DatabaseFormViewModel {
    private final BackupService service;
    private final Executor executor;
    private final Messages messages;
    private final OperationRunner runner;
    private final boolean adding;
    private final Path source;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty destination = new SimpleStringProperty(this, "destination", "");
    private final ObjectProperty<Integer> maxCount = new SimpleObjectProperty<>(this, "maxCount", 0);
    private final ObjectProperty<Integer> maxAgeDays = new SimpleObjectProperty<>(this, "maxAgeDays", 0);
    private final BooleanProperty onePerDay = new SimpleBooleanProperty(this, "onePerDay");
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled", true);
    private final StringProperty compression = new SimpleStringProperty(this, "compression", "default");
    private final StringProperty storage = new SimpleStringProperty(this, "storage", "incremental");
    private final StringProperty schedule = new SimpleStringProperty(this, "schedule", "");
    private final StringProperty reverify = new SimpleStringProperty(this, "reverify", "weekly");
    private final ObjectProperty<Integer> keepLast = new SimpleObjectProperty<>(this, "keepLast", 0);
    private final ObjectProperty<Integer> keepDaily = new SimpleObjectProperty<>(this, "keepDaily", 0);
    private final ObjectProperty<Integer> keepWeekly = new SimpleObjectProperty<>(this, "keepWeekly", 0);
    private final ObjectProperty<Integer> keepMonthly = new SimpleObjectProperty<>(this, "keepMonthly", 0);
    private final StringProperty encryptTo = new SimpleStringProperty(this, "encryptTo", "");
    private final StringProperty keyFile = new SimpleStringProperty(this, "keyFile", "");
    private final StringProperty keyEnv = new SimpleStringProperty(this, "keyEnv", "");
    private final StringProperty passphraseFile = new SimpleStringProperty(this, "passphraseFile", "");
    private final StringProperty passphraseEnv = new SimpleStringProperty(this, "passphraseEnv", "");
    /** The settings the form was opened with (null when adding): only what the user changed is sent. */
    private DatabaseSettings original;
    /** Set by a first Save that would turn encryption off; the second Save goes through. */
    private boolean encryptionOffConfirmed;
    /** Set by a first Save that gives an incremental database with backups other recipients; the second goes through. */
    private boolean recipientsChangeConfirmed;
    private boolean encrypted;
    /** Set by a first Save that moves the destination away from existing backups; the second goes through. */
    private boolean destinationChangeConfirmed;
    /** How many backups the database has at its current destination (known to the window, no I/O here). */
    private int backupCount;
    private final StringProperty key = new SimpleStringProperty(this, "key", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(this, "saving");
    private final CopiesViewModel copies;

    private DatabaseFormViewModel(BackupService service, Executor executor, Messages messages, OperationRunner runner,
            boolean adding, Path source) {
        this.service = service;
        this.executor = executor;
        this.messages = messages;
        this.runner = runner;
        this.adding = adding;
        this.source = source;
        this.copies = new CopiesViewModel(service, executor, messages);
    }

    /** A form to register {@code source}, with a suggested name and the default destination. */
    public static DatabaseFormViewModel forAdd(BackupService service, Executor executor, Messages messages,
            OperationRunner runner, Path source) {
        return forAdd(service, executor, messages, runner, source, false);
    }

    /** @param encrypted whether the file is an encrypted database: the form then asks for its key first */
    public static DatabaseFormViewModel forAdd(BackupService service, Executor executor, Messages messages,
            OperationRunner runner, Path source, boolean encrypted) {
        DatabaseFormViewModel vm = new DatabaseFormViewModel(service, executor, messages, runner, true, source);
        vm.encrypted = encrypted;
        vm.name.set(DatabaseName.suggestFor(source));
        vm.schedule.set(DatabaseSettings.DEFAULT_SCHEDULE);
        vm.setKeep(KeepRules.DESKTOP);
        vm.copies.load(null, List.of());
        return vm;
    }

    /** A form showing {@code db}'s settings for change. */
    public static DatabaseFormViewModel forEdit(BackupService service, Executor executor, Messages messages,
            OperationRunner runner, DatabaseSettings db) {
        return forEdit(service, executor, messages, runner, db, 0);
    }

    /** @param backupCount the backups at its current destination: moving it away from them asks first */
    public static DatabaseFormViewModel forEdit(BackupService service, Executor executor, Messages messages,
            OperationRunner runner, DatabaseSettings db, int backupCount) {
        DatabaseFormViewModel vm = new DatabaseFormViewModel(service, executor, messages, runner, false, db.source());
        vm.name.set(db.name());
        vm.destination.set(db.destination());
        vm.maxCount.set(db.maxCount());
        vm.maxAgeDays.set(db.maxAgeDays());
        vm.onePerDay.set(db.onePerDay());
        vm.enabled.set(db.enabled());
        vm.compression.set(db.compression() == null ? "default" : db.compression());
        vm.storage.set(db.effectiveStorage().label());
        vm.schedule.set(db.schedule() == null ? "off" : db.schedule());
        vm.reverify.set(db.reverify() == null ? "weekly" : db.reverify());
        vm.setKeep(db.keep() == null ? KeepRules.NONE : db.keep());
        vm.encryptTo.set(String.join(" ", db.encryptTo()));
        vm.keyFile.set(db.keyFile() == null ? "" : db.keyFile());
        vm.keyEnv.set(db.keyEnv() == null ? "" : db.keyEnv());
        vm.passphraseFile.set(db.passphraseFile() == null ? "" : db.passphraseFile());
        vm.passphraseEnv.set(db.passphraseEnv() == null ? "" : db.passphraseEnv());
        vm.original = db;
        vm.backupCount = backupCount;
        vm.copies.load(db.name(), db.copyTo());
        return vm;
    }

    private void setKeep(KeepRules k) {
        keepLast.set(k.last() == null ? 0 : k.last());
        keepDaily.set(k.daily() == null ? 0 : k.daily());
        keepWeekly.set(k.weekly() == null ? 0 : k.weekly());
        keepMonthly.set(k.monthly() == null ? 0 : k.monthly());
    }

    /**
     * What Save sends about backup encryption: nothing unless the user changed one of its fields
     * (saving another setting must never turn encryption off), and then the whole new state.
     *
     * @param replace whether to replace the current encryption settings (the engine's "no encrypt" first)
     */
    private record Encryption(boolean replace, List<String> recipients, String passphraseEnv, String passphraseFile,
            boolean turnsOff, boolean newRecipients) {}

    private Encryption encryptionChange() {
        String typed = blankToNull(encryptTo.get());
        List<String> to = typed == null ? List.of() : List.of(typed.split("[\\s,]+"));
        String env = blankToNull(passphraseEnv.get());
        String file = blankToNull(passphraseFile.get());
        if (original == null) {
            return new Encryption(false, to.isEmpty() ? null : to, env, file, false, false);
        }
        boolean changed = !to.equals(original.encryptTo()) || !Objects.equals(env, original.passphraseEnv())
                || !Objects.equals(file, original.passphraseFile());
        if (!changed) {
            return new Encryption(false, null, null, null, false, false);
        }
        boolean wasOn = original.ageEncrypted();
        boolean nowOff = to.isEmpty() && env == null && file == null;
        boolean newRecipients = wasOn && !nowOff
                && !DatabaseSettings.recipientsId(to, env != null || file != null).equals(original.recipientsId());
        return new Encryption(true, to.isEmpty() ? null : to, env, file, wasOn && nowOff, newRecipients);
    }

    /** Whether Save would point new backups elsewhere while backups exist at the current destination. */
    private boolean movesAwayFromBackups(String dest) {
        return original != null && backupCount > 0 && dest != null
                && !Path.of(dest).toAbsolutePath().normalize().equals(Path.of(original.destination()).toAbsolutePath().normalize());
    }

    /** The typed value when it differs from what was saved, else null ("leave as it is"). */
    private static String changed(String typed, String saved) {
        String t = blankToNull(typed);
        return t == null || t.equals(saved) ? null : t;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Saves in the background; calls {@code saved} on the FX thread with the result, or shows the error. */
    public Task<DatabaseSettings> save(Consumer<DatabaseSettings> saved) {
        String n = name.get() == null ? "" : name.get().trim();
        if (n.isEmpty()) {
            error.set(messages.get("form.error.name"));
            return null;
        }
        String dest = destination.get() == null || destination.get().isBlank() ? null : destination.get().trim();
        if (movesAwayFromBackups(dest) && !destinationChangeConfirmed) {
            destinationChangeConfirmed = true;
            error.set(messages.get("form.error.destinationChange", original.backupFolder(), n));
            return null;
        }
        Encryption enc = encryptionChange();
        if (enc.turnsOff() && !encryptionOffConfirmed) {
            encryptionOffConfirmed = true;
            error.set(messages.get("form.error.encryptionOff", n));
            return null;
        }
        if (enc.newRecipients() && original.effectiveStorage() == Storage.INCREMENTAL && backupCount > 0
                && !recipientsChangeConfirmed) {
            recipientsChangeConfirmed = true;
            error.set(messages.get("form.error.recipientsChange", n));
            return null;
        }
        DatabaseOptions options = new DatabaseOptions(n, dest, maxCount.get(), maxAgeDays.get(), onePerDay.get(),
                enabled.get(), null, "default".equals(compression.get()) ? null : compression.get(), null,
                enc.recipients(), enc.passphraseEnv(), enc.passphraseFile(), enc.replace(), null, null,
                changed(keyEnv.get(), original == null ? null : original.keyEnv()),
                changed(keyFile.get(), original == null ? null : original.keyFile()),
                blankToNull(schedule.get()) == null ? "off" : schedule.get().trim(), reverify.get(),
                new KeepRules(keepLast.get(), null, keepDaily.get(), keepWeekly.get(),
                        keepMonthly.get(), null));
        char[] typedKey = blankToNull(key.get()) == null ? null : key.get().toCharArray();
        boolean copiesChanged = copies.changed();
        Runnable copyChanges = copies.changes(n);
        Storage newStorage = Storage.parse(storage.get());
        Task<DatabaseSettings> task = new Task<>() {
            @Override
            protected DatabaseSettings call() {
                DatabaseSettings d = adding ? service.add(source, options.withStorage(newStorage), new Secrets(typedKey, null,
                        List.of(), null)) : service.update(n, options);
                // Adding saved the storage with the rest; a change of an existing database goes through setStorage.
                boolean storageChanged = !adding && newStorage != null && newStorage != d.effectiveStorage();
                if (storageChanged) {
                    service.setStorage(d.name(), newStorage);
                }
                copyChanges.run();
                return copiesChanged || storageChanged ? service.database(d.name()) : d;
            }
        };
        saving.set(true);
        error.set("");
        task.setOnSucceeded(e -> {
            saving.set(false);
            DatabaseSettings d = task.getValue();
            runner.note(messages.get(adding ? "op.add" : "op.settings", d.name()),
                    messages.get(adding ? "result.add.ok" : "result.settings.ok", d.name(), d.destination()));
            saved.accept(d);
        });
        task.setOnFailed(e -> {
            saving.set(false);
            error.set(runner.sentence(task.getException()));
        });
        executor.execute(task);
        return task;
    }

    /** Whether the database being added is encrypted, so its key fields matter. */
    public boolean encrypted() {
        return encrypted;
    }

    public boolean adding() {
        return adding;
    }

    public Path source() {
        return source;
    }

    public String defaultDestination() {
        return service.home().defaultDestination().toString();
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty destinationProperty() {
        return destination;
    }

    public ObjectProperty<Integer> maxCountProperty() {
        return maxCount;
    }

    public ObjectProperty<Integer> maxAgeDaysProperty() {
        return maxAgeDays;
    }

    public BooleanProperty onePerDayProperty() {
        return onePerDay;
    }

    public BooleanProperty enabledProperty() {
        return enabled;
    }

    /** "full" or "incremental": how the next backups are stored. */
    public StringProperty storageProperty() {
        return storage;
    }

    public StringProperty compressionProperty() {
        return compression;
    }

    public StringProperty scheduleProperty() {
        return schedule;
    }

    public StringProperty reverifyProperty() {
        return reverify;
    }

    public ObjectProperty<Integer> keepLastProperty() {
        return keepLast;
    }

    public ObjectProperty<Integer> keepDailyProperty() {
        return keepDaily;
    }

    public ObjectProperty<Integer> keepWeeklyProperty() {
        return keepWeekly;
    }

    public ObjectProperty<Integer> keepMonthlyProperty() {
        return keepMonthly;
    }

    /** age public keys (age1...), separated by spaces or commas; empty means no backup encryption. */
    public StringProperty encryptToProperty() {
        return encryptTo;
    }

    /** For an encrypted database: a file holding its key, so scheduled backups need no prompt. */
    public StringProperty keyFileProperty() {
        return keyFile;
    }

    /** For an encrypted database: an environment variable holding its key, for unattended backups. */
    public StringProperty keyEnvProperty() {
        return keyEnv;
    }

    /** Encrypt backups with the passphrase in this file (age scrypt), instead of public keys. */
    public StringProperty passphraseFileProperty() {
        return passphraseFile;
    }

    /** Encrypt backups with the passphrase in this environment variable. */
    public StringProperty passphraseEnvProperty() {
        return passphraseEnv;
    }

    /** For adding an encrypted database: its key, used to open it now and never stored. */
    public StringProperty keyProperty() {
        return key;
    }

    /** One copy destination in words: "nas — last 3, 12 monthly — nothing waiting". */
    public String copyLine(CopiesViewModel.CopyRow r) {
        return messages.get("form.copies.row", r.destination(), r.rules(), r.state());
    }

    public String copiesPlaceholder() {
        return messages.get("form.copies.none");
    }

    /** The destinations each backup is copied to, applied by Save. */
    public CopiesViewModel copies() {
        return copies;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }
}
