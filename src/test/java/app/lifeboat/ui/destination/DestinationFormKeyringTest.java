package app.lifeboat.ui.destination;

import static app.lifeboat.ui.FxToolkit.onFx;
import static app.lifeboat.ui.FxToolkit.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.KeyringEntries;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.keyring.JavaKeyring;
import app.lifeboat.core.keyring.SystemKeyring;
import app.lifeboat.testing.GnomeKeyring;
import app.lifeboat.ui.FxToolkit;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The destination form's "keep it in the system keyring": probed in the background, offered only where it works. */
@ExtendWith(FxToolkit.class)
class DestinationFormKeyringTest {
    @TempDir
    Path dir;

    private ExecutorService executor;
    private BackupService service;

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        service.close();
    }

    private DestinationsViewModel model(Map<String, String> env, SystemKeyring keyring) throws Exception {
        executor = Executors.newSingleThreadExecutor();
        service = new BackupService(new LifeboatHome(dir.resolve("home")), Clock.systemUTC(), env, keyring);
        Messages messages = Messages.load(Locale.ROOT);
        OperationRunner runner = new OperationRunner(executor, messages, (t, s, d) -> { }, service.clock());
        return onFx(() -> new DestinationsViewModel(service, executor, messages, runner));
    }

    @Test
    void withoutAKeyringTheChoiceIsNotOfferedAndTheNoteSaysWhy() throws Exception {
        DestinationsViewModel model = model(Map.of(), new JavaKeyring(Map.of(), Duration.ofSeconds(5)));
        DestinationFormViewModel form = onFx(model::newForm);
        waitUntil(() -> form.keyringNoteProperty().get().startsWith("The system keyring is not available"), 30);
        assertFalse(onFx(() -> form.keyringAvailableProperty().get()));
        assertTrue(onFx(() -> form.keyringNoteProperty().get()).contains("no desktop session"));
    }

    @Test
    void aPasswordTypedInTheFormIsKeptInTheKeyringAndLeavesTheForm() throws Exception {
        try (GnomeKeyring session = GnomeKeyring.start(Files.createDirectories(dir.resolve("keyring")))) {
            JavaKeyring keyring = new JavaKeyring(session.env(), Duration.ofSeconds(20));
            DestinationsViewModel model = model(session.env(), keyring);
            DestinationFormViewModel form = onFx(model::newForm);
            waitUntil(() -> form.keyringAvailableProperty().get(), 30);
            AtomicReference<DestinationSettings> saved = new AtomicReference<>();
            onFx(() -> {
                form.nameProperty().set("nas");
                form.urlProperty().set("sftp://backup@nas.local/backups");
                form.storeInKeyringProperty().set(true);
                form.passwordProperty().set("typed secret");
                return form.save(saved::set);
            });
            waitUntil(() -> saved.get() != null || !form.errorProperty().get().isEmpty(), 30);
            assertEquals(new KeyringEntries(null, null, "nas/password", null), saved.get().keyring(),
                    form.errorProperty().get());
            assertArrayEquals("typed secret".toCharArray(), keyring.read("nas/password"));
            assertEquals("", onFx(() -> form.passwordProperty().get()), "the typed secret leaves the form");

            DestinationFormViewModel edit = onFx(() -> model.editForm(service.destination("nas")));
            waitUntil(() -> edit.keyringAvailableProperty().get(), 30);
            assertTrue(onFx(() -> edit.storeInKeyringProperty().get()), "an entry in the keyring shows as chosen");
            assertEquals("kept in the keyring; type to replace it", onFx(() -> edit.passwordKeptProperty().get()));
            assertEquals("", onFx(() -> edit.passphraseKeptProperty().get()));
            AtomicReference<DestinationSettings> changed = new AtomicReference<>();
            onFx(() -> {
                edit.storeInKeyringProperty().set(false);
                return edit.save(changed::set);
            });
            waitUntil(() -> changed.get() != null || !edit.errorProperty().get().isEmpty(), 30);
            assertNull(changed.get().keyring(), edit.errorProperty().get());
            assertNull(keyring.read("nas/password"), "no longer chosen, so deleted from the keyring");
        }
    }

    @Test
    void choosingTheKeyringWithoutTypingASecretIsRefusedInline() throws Exception {
        try (GnomeKeyring session = GnomeKeyring.start(Files.createDirectories(dir.resolve("keyring")))) {
            DestinationsViewModel model = model(session.env(), new JavaKeyring(session.env(), Duration.ofSeconds(20)));
            DestinationFormViewModel form = onFx(model::newForm);
            waitUntil(() -> form.keyringAvailableProperty().get(), 30);
            onFx(() -> {
                form.nameProperty().set("off");
                form.urlProperty().set("s3://bucket/p");
                form.storeInKeyringProperty().set(true);
                form.accessKeyIdProperty().set("AKIA");
                return form.save(d -> { });
            });
            assertEquals("Type both the access key id and the secret access key to keep them in the system keyring.",
                    onFx(() -> form.errorProperty().get()));
            assertTrue(service.destinations().isEmpty());
        }
    }
}
