package app.lifeboat.ui.database;

import static app.lifeboat.ui.FxToolkit.onFx;
import static app.lifeboat.ui.FxToolkit.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.ui.FxToolkit;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
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
            return form.save(saved::set);
        });
        waitUntil(() -> saved.get() != null, 20);
        DatabaseSettings d = service.database("My-Notes");
        assertEquals(7, d.maxCount());
        assertTrue(d.onePerDay());
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
}
