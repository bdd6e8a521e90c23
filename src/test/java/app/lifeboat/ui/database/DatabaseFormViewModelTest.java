package app.lifeboat.ui.database;

import static app.lifeboat.ui.FxToolkit.onFx;
import static app.lifeboat.ui.FxToolkit.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.crypto.AgeKeys;
import app.lifeboat.core.config.Storage;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.ui.FxToolkit;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.config.CopyTarget;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.KeepRules;
import app.lifeboat.core.create.CreateRequest;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FxToolkit.class)
class DatabaseFormViewModelTest {
    @TempDir
    Path dir;

    private BackupService service;
    private Messages messages;
    private OperationRunner runner;

    @BeforeEach
    void setUp() {
        service = new BackupService(new LifeboatHome(dir.resolve("home")));
        messages = Messages.load(Locale.ROOT);
        runner = new OperationRunner(Runnable::run, messages, (t, s, d) -> { }, service.clock());
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    @Test
    void addSuggestsANameAndSavesTheRetention() throws Exception {
        Path db = TestDatabases.create(dir.resolve("My Notes.sqlite"), 5);
        AtomicReference<DatabaseSettings> saved = new AtomicReference<>();
        onFx(() -> {
            DatabaseFormViewModel form = DatabaseFormViewModel.forAdd(service, Runnable::run, messages, runner, db);
            assertEquals("My-Notes", form.nameProperty().get());
            form.maxCountProperty().set(7);
            form.onePerDayProperty().set(true);
            assertEquals("incremental", form.storageProperty().get());
            form.storageProperty().set("full");
            return form.save(saved::set);
        });
        waitUntil(() -> saved.get() != null, 20);
        DatabaseSettings d = service.database("My-Notes");
        assertEquals(7, d.maxCount());
        assertTrue(d.onePerDay());
        assertEquals(Storage.FULL, d.effectiveStorage(), "the choice made when adding");
    }

    @Test
    void theStorageChoiceSwitchesBetweenFullAndIncremental() throws Exception {
        String name = addPlain();
        assertEquals(Storage.INCREMENTAL, service.database(name).effectiveStorage(), "the default for new databases");
        for (String choice : new String[] {"full", "incremental"}) {
            AtomicReference<DatabaseSettings> saved = new AtomicReference<>();
            onFx(() -> {
                DatabaseFormViewModel form = DatabaseFormViewModel.forEdit(service, Runnable::run, messages, runner,
                        service.database(name));
                form.storageProperty().set(choice);
                return form.save(saved::set);
            });
            waitUntil(() -> saved.get() != null, 20);
            assertEquals(Storage.parse(choice), service.database(name).effectiveStorage());
            assertEquals(Storage.parse(choice), saved.get().effectiveStorage());
        }
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedInlineAndNothingIsSaved() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n".repeat(100));
        DatabaseFormViewModel form = onFx(() -> {
            DatabaseFormViewModel f = DatabaseFormViewModel.forAdd(service, Runnable::run, messages, runner, text);
            f.save(d -> { });
            return f;
        });
        waitUntil(() -> !form.savingProperty().get(), 20);
        String error = onFx(() -> form.errorProperty().get());
        assertTrue(error.contains("is not a SQLite database"), error);
        assertTrue(service.databases().isEmpty());
        assertTrue(Files.notExists(service.home().settingsFile()));
    }

    /** Opens the settings form, changes only max count, saves, and returns the settings as saved. */
    private DatabaseSettings editMaxCountOnly(String name) throws Exception {
        AtomicReference<DatabaseSettings> saved = new AtomicReference<>();
        onFx(() -> {
            DatabaseFormViewModel form = DatabaseFormViewModel.forEdit(service, Runnable::run, messages, runner,
                    service.database(name));
            form.maxCountProperty().set(9);
            return form.save(saved::set);
        });
        waitUntil(() -> saved.get() != null, 20);
        DatabaseSettings d = service.database(name);
        assertEquals(9, d.maxCount());
        return d;
    }

    private String addPlain() throws Exception {
        return addPlain("app");
    }

    private String addPlain(String name) throws Exception {
        service.add(TestDatabases.create(dir.resolve(name + ".db"), 5), DatabaseOptions.none());
        return name;
    }

    @Test
    void savingAnotherSettingKeepsEncryptionToPublicKeys() throws Exception {
        String name = addPlain();
        String recipient = service.newIdentityFile(dir.resolve("id.txt"));
        service.update(name, options(List.of(recipient), null, null));
        assertEquals(List.of(recipient), editMaxCountOnly(name).encryptTo());
    }

    @Test
    void savingAnotherSettingKeepsThePassphraseFromAnEnvironmentVariable() throws Exception {
        String name = addPlain();
        service.update(name, options(null, "LIFEBOAT_FORM_TEST_PASSPHRASE", null));
        DatabaseSettings d = editMaxCountOnly(name);
        assertEquals("LIFEBOAT_FORM_TEST_PASSPHRASE", d.passphraseEnv(), "issue 11: saving turned encryption off");
        assertTrue(d.ageEncrypted());
    }

    @Test
    void savingAnotherSettingKeepsThePassphraseFile() throws Exception {
        String name = addPlain();
        Path file = Files.writeString(dir.resolve("pass.txt"), "correct horse battery staple");
        service.update(name, options(null, null, file.toString()));
        assertEquals(file.toString(), editMaxCountOnly(name).passphraseFile());
    }

    @Test
    void savingAnotherSettingKeepsTheKeySourceOfAnEncryptedDatabase() throws Exception {
        Path enc = TestDatabases.createSqlCipher(dir.resolve("secret.db"), "k3y");
        Path keyFile = Files.writeString(dir.resolve("key.txt"), "k3y");
        service.add(enc, new DatabaseOptions("secret", null, null, null, null, null, null, null, null, null, null, null,
                false, null, null, null, keyFile.toString()));
        DatabaseSettings d = editMaxCountOnly("secret");
        assertEquals(keyFile.toString(), d.keyFile());
        assertTrue(d.sourceEncrypted());
    }

    @Test
    void turningEncryptionOffAsksFirstThenDoesIt() throws Exception {
        String name = addPlain();
        Path file = Files.writeString(dir.resolve("pass.txt"), "correct horse battery staple");
        service.update(name, options(null, null, file.toString()));
        AtomicReference<DatabaseSettings> saved = new AtomicReference<>();
        DatabaseFormViewModel form = onFx(() -> DatabaseFormViewModel.forEdit(service, Runnable::run, messages, runner,
                service.database(name)));
        onFx(() -> {
            form.passphraseFileProperty().set("");
            return form.save(saved::set);
        });
        assertTrue(onFx(() -> form.errorProperty().get()).contains("turns backup encryption off"));
        assertTrue(service.database(name).ageEncrypted(), "nothing changed before the user confirmed");
        onFx(() -> form.save(saved::set));
        waitUntil(() -> saved.get() != null, 20);
        assertFalse(service.database(name).ageEncrypted());
    }

    @Test
    void newRecipientsOfAnIncrementalDatabaseWithBackupsAskFirstThenTakeEffect() throws Exception {
        String name = addPlain();
        service.setStorage(name, Storage.INCREMENTAL);
        service.update(name, options(List.of(AgeKeys.generate().recipient()), null, null));
        String other = AgeKeys.generate().recipient();
        AtomicReference<DatabaseSettings> saved = new AtomicReference<>();
        DatabaseFormViewModel form = onFx(() -> DatabaseFormViewModel.forEdit(service, Runnable::run, messages, runner,
                service.database(name), 3));
        onFx(() -> {
            form.encryptToProperty().set(other);
            return form.save(saved::set);
        });
        assertTrue(onFx(() -> form.errorProperty().get()).contains("store of their own"));
        assertFalse(service.database(name).encryptTo().contains(other), "nothing changed before the user confirmed");
        onFx(() -> form.save(saved::set));
        waitUntil(() -> saved.get() != null, 20);
        assertEquals(List.of(other), service.database(name).encryptTo());
    }

    @Test
    void theSameRecipientsInAnotherOrderOrAnotherPassphraseSourceSaveAtOnce() throws Exception {
        String a = AgeKeys.generate().recipient();
        String b = AgeKeys.generate().recipient();
        DatabaseSettings reordered = savedOnFirstSave("keys", options(List.of(a, b), null, null),
                form -> form.encryptToProperty().set(b + " " + a));
        assertEquals(List.of(b, a), reordered.encryptTo(), "still the same recipient set");

        DatabaseSettings otherSource = savedOnFirstSave("pass", options(null, "LIFEBOAT_TEST_PASS", null),
                form -> form.passphraseEnvProperty().set("LIFEBOAT_OTHER_PASS"));
        assertEquals("LIFEBOAT_OTHER_PASS", otherSource.passphraseEnv(), "a passphrase is one recipient, whatever its source");
    }

    /** An incremental database with backups, encrypted as {@code encryption}, edited by {@code edit}: saved by one Save. */
    private DatabaseSettings savedOnFirstSave(String name, DatabaseOptions encryption, Consumer<DatabaseFormViewModel> edit)
            throws Exception {
        addPlain(name);
        service.setStorage(name, Storage.INCREMENTAL);
        service.update(name, encryption);
        AtomicReference<DatabaseSettings> saved = new AtomicReference<>();
        DatabaseFormViewModel form = onFx(() -> DatabaseFormViewModel.forEdit(service, Runnable::run, messages, runner,
                service.database(name), 3));
        onFx(() -> {
            edit.accept(form);
            return form.save(saved::set);
        });
        waitUntil(() -> saved.get() != null, 20);
        return service.database(name);
    }

    private static DatabaseOptions options(List<String> to, String passEnv, String passFile) {
        return new DatabaseOptions(null, null, null, null, null, null, null, null, null, to, passEnv, passFile, false, null,
                null, null, null);
    }

    @Test
    void movingTheDestinationAwayFromBackupsWarnsFirst() throws Exception {
        String name = addPlain();
        Path elsewhere = Files.createDirectories(dir.resolve("usb"));
        AtomicReference<DatabaseSettings> saved = new AtomicReference<>();
        DatabaseFormViewModel form = onFx(() -> DatabaseFormViewModel.forEdit(service, Runnable::run, messages, runner,
                service.database(name), 2));
        onFx(() -> {
            form.destinationProperty().set(elsewhere.toString());
            return form.save(saved::set);
        });
        String warning = onFx(() -> form.errorProperty().get());
        assertTrue(warning.contains(service.database(name).backupFolder().toString()), warning);
        assertFalse(service.database(name).destination().equals(elsewhere.toString()), "nothing saved yet");
        onFx(() -> form.save(saved::set));
        waitUntil(() -> saved.get() != null, 20);
        assertEquals(elsewhere.toString(), service.database(name).destination());
    }

    @Test
    void saveAddsACopyDestinationWithItsOwnRulesAndStopsAnother() throws Exception {
        service.add(TestDatabases.create(dir.resolve("app.db"), 5), DatabaseOptions.none());
        service.addDestination(DestinationSettings.folder("nas", Files.createDirectories(dir.resolve("nas")).toString()));
        service.addDestination(DestinationSettings.folder("usb", Files.createDirectories(dir.resolve("usb")).toString()));
        service.copyTo("app", new CopyTarget("usb", null, null));
        AtomicReference<DatabaseSettings> saved = new AtomicReference<>();
        DatabaseFormViewModel form = onFx(() -> DatabaseFormViewModel.forEdit(service, Runnable::run, messages, runner,
                service.database("app")));
        onFx(() -> {
            CopiesViewModel copies = form.copies();
            assertEquals(List.of("nas"), copies.available(), "only destinations not copied to yet");
            assertEquals("usb \u2014 the database's retention \u2014 nothing waiting", form.copyLine(copies.copies().get(0)));
            copies.keepLastProperty().set(2);
            copies.maxCountProperty().set(5);
            copies.add();
            copies.remove(copies.copies().get(0));
            return form.save(saved::set);
        });
        waitUntil(() -> saved.get() != null || !form.errorProperty().get().isEmpty(), 20);
        assertEquals(List.of(new CopyTarget("nas", new KeepRules(2, 0, 0, 0, 0, 0), 5)), saved.get().copyTo(),
                form.errorProperty().get());
        assertEquals(saved.get().copyTo(), service.database("app").copyTo());
    }

    @Test
    void aCopyThatCouldNotBeMadeShowsSinceWhenItWaitsAndWhy() throws Exception {
        service.add(TestDatabases.create(dir.resolve("app.db"), 5), DatabaseOptions.none());
        Path nas = Files.createDirectories(dir.resolve("nas"));
        service.addDestination(DestinationSettings.folder("nas", nas.toString()));
        service.copyTo("app", new CopyTarget("nas", null, null));
        Files.delete(nas);
        Files.writeString(nas, "not a folder"); // the copy fails and is queued
        service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, new Cancellation());
        assertEquals(1, service.pendingCopies("app").size());
        DatabaseFormViewModel form = onFx(() -> DatabaseFormViewModel.forEdit(service, Runnable::run, messages, runner,
                service.database("app")));
        String line = onFx(() -> form.copyLine(form.copies().copies().get(0)));
        assertTrue(line.startsWith("nas \u2014 the database's retention \u2014 1 waiting since ") && line.contains("next try"),
                line);
    }
}
