package app.lifeboat.ui.destination;

import static app.lifeboat.ui.FxToolkit.onFx;
import static app.lifeboat.ui.FxToolkit.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.config.CopyTarget;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.destination.DestinationCheck;
import app.lifeboat.testing.SftpTestServer;
import app.lifeboat.testing.SshKeys;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.ui.FxToolkit;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Destinations window's state against a real engine in a temporary home with folder destinations. */
@ExtendWith(FxToolkit.class)
class DestinationsViewModelTest {
    @TempDir
    Path dir;

    private ExecutorService executor;
    private BackupService service;
    private OperationRunner runner;
    private DestinationsViewModel model;

    @BeforeEach
    void setUp() throws Exception {
        executor = Executors.newSingleThreadExecutor();
        service = new BackupService(new LifeboatHome(dir.resolve("home")));
        Messages messages = Messages.load(Locale.ROOT);
        runner = new OperationRunner(executor, messages, (t, s, d) -> { }, service.clock());
        model = onFx(() -> new DestinationsViewModel(service, executor, messages, runner));
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        service.close();
    }

    private void waitIdle() throws Exception {
        waitUntil(() -> !model.busyProperty().get(), 30);
    }

    @Test
    void listsDestinationsWithTheDatabasesThatCopyThere() throws Exception {
        service.add(TestDatabases.create(dir.resolve("app.db"), 5), DatabaseOptions.none());
        service.addDestination(DestinationSettings.folder("nas", Files.createDirectories(dir.resolve("nas")).toString()));
        service.addDestination(DestinationSettings.folder("usb", Files.createDirectories(dir.resolve("usb")).toString()));
        service.copyTo("app", new CopyTarget("nas", null, null));
        onFx(model::reload);
        waitIdle();
        List<DestinationRow> rows = onFx(() -> List.copyOf(model.destinations()));
        assertEquals(List.of("nas", "usb"), rows.stream().map(DestinationRow::name).toList());
        assertEquals(List.of("app"), rows.get(0).users());
        assertEquals(List.of(), rows.get(1).users());
        assertEquals("folder", rows.get(0).kind());
    }

    @Test
    void testShowsEachStepOfAWorkingFolder() throws Exception {
        service.addDestination(DestinationSettings.folder("nas", Files.createDirectories(dir.resolve("nas")).toString()));
        onFx(() -> model.test("nas"));
        waitIdle();
        List<DestinationCheck.Step> steps = onFx(() -> List.copyOf(model.steps()));
        assertEquals(List.of("list", "write", "read back", "delete", "clock", "free space"),
                steps.stream().map(DestinationCheck.Step::step).toList());
        assertTrue(steps.stream().allMatch(DestinationCheck.Step::ok));
        assertTrue(onFx(() -> model.testOkProperty().get()));
        assertTrue(onFx(() -> model.testSummaryProperty().get()).startsWith("nas works"));
        try (var left = Files.list(dir.resolve("nas"))) {
            assertEquals(0, left.count(), "the probe is deleted");
        }
    }

    @Test
    void anUnknownSshHostKeyIsOfferedForConfirmationAndOnceAcceptedTheTestPasses() throws Exception {
        try (SftpTestServer server = new SftpTestServer(Files.createDirectories(dir.resolve("sftp-root")))) {
            Files.createDirectories(dir.resolve("sftp-root/data"));
            Path key = SshKeys.writePrivate(server.clientKey(), dir.resolve("id_ed25519"));
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), ""); // the server is new to this computer
            service.addDestination(new DestinationSettings("nas", "sftp://backup@127.0.0.1:" + server.port() + "/data", null,
                    null, null, null, null, key.toString(), knownHosts.toString(), null, null, null, null, null));
            onFx(() -> model.test("nas"));
            waitIdle();
            String fingerprint = SshKeys.fingerprint(server.hostKey());
            assertEquals(fingerprint, onFx(() -> model.hostKeyToConfirmProperty().get()));
            assertFalse(onFx(() -> model.testOkProperty().get()));

            onFx(model::acceptHostKey);
            waitUntil(() -> model.testOkProperty().get(), 60);
            assertEquals(null, onFx(() -> model.hostKeyToConfirmProperty().get()));
            assertEquals(fingerprint, service.destinations().get(0).hostKey());
        }
    }

    @Test
    void testOfAFolderReplacedByAFileSaysWhichStepFailed() throws Exception {
        Path nas = Files.createDirectories(dir.resolve("nas"));
        service.addDestination(DestinationSettings.folder("nas", nas.toString()));
        Files.delete(nas);
        Files.writeString(nas, "not a folder");
        onFx(() -> model.test("nas"));
        waitIdle();
        List<DestinationCheck.Step> steps = onFx(() -> List.copyOf(model.steps()));
        String shown = onFx(() -> model.testSummaryProperty().get() + " / " + model.errorProperty().get() + " / " + steps);
        DestinationCheck.Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        assertTrue(last != null && !last.ok() && !last.detail().isBlank(), shown);
        assertFalse(onFx(() -> model.testOkProperty().get()));
        assertTrue(onFx(() -> model.testSummaryProperty().get()).startsWith("nas does not work"), shown);
    }

    @Test
    void removeIsRefusedWithTheEnginesSentenceWhileADatabaseCopiesThere() throws Exception {
        service.add(TestDatabases.create(dir.resolve("app.db"), 5), DatabaseOptions.none());
        service.addDestination(DestinationSettings.folder("nas", Files.createDirectories(dir.resolve("nas")).toString()));
        service.copyTo("app", new CopyTarget("nas", null, null));
        onFx(() -> model.remove("nas"));
        waitIdle();
        String error = onFx(() -> model.errorProperty().get());
        assertTrue(error.contains("app"), error);
        assertEquals(1, service.destinations().size());

        service.stopCopyingTo("app", "nas");
        onFx(() -> model.remove("nas"));
        waitIdle();
        assertEquals("", onFx(() -> model.errorProperty().get()));
        assertEquals(List.of(), service.destinations());
        assertTrue(Files.isDirectory(dir.resolve("nas")), "what is stored there stays");
        waitUntil(() -> model.destinations().isEmpty() && !runner.activity().isEmpty(), 30);
    }

    @Test
    void formAddsAnS3DestinationWithOnlyItsOwnFieldsAndAbsoluteFiles() throws Exception {
        DestinationFormViewModel form = onFx(model::newForm);
        AtomicReference<DestinationSettings> saved = new AtomicReference<>();
        onFx(() -> {
            form.nameProperty().set("offsite");
            form.kindProperty().set(DestinationSettings.Kind.S3);
            assertEquals("s3://", form.urlProperty().get(), "choosing a kind starts the URL with its scheme");
            form.urlProperty().set("s3://bucket/lifeboat");
            form.endpointProperty().set("http://127.0.0.1:9000");
            form.pathStyleProperty().set(true);
            form.credentialsFileProperty().set("creds");
            form.identityFileProperty().set("/not/for/s3"); // typed, then the kind changed: not saved
            return form.save(saved::set);
        });
        waitUntil(() -> saved.get() != null || !form.errorProperty().get().isEmpty(), 30);
        DestinationSettings d = service.destinations().stream().filter(x -> x.name().equals("offsite")).findFirst()
                .orElseThrow(() -> new AssertionError(form.errorProperty().get()));
        assertEquals(DestinationSettings.Kind.S3, d.kind());
        assertEquals("http://127.0.0.1:9000", d.endpoint());
        assertEquals(Boolean.TRUE, d.pathStyle());
        assertEquals(Path.of("creds").toAbsolutePath().toString(), d.credentialsFile());
        assertNull(d.identityFile());
        waitUntil(() -> model.destinations().size() == 1, 30);
    }

    @Test
    void typingAnSftpUrlShowsTheSftpFieldsAndAMissingNameIsRefusedInline() throws Exception {
        DestinationFormViewModel form = onFx(model::newForm);
        onFx(() -> {
            form.urlProperty().set("sftp://me@nas.local/backups");
            assertTrue(form.sftpBinding().get());
            assertFalse(form.s3Binding().get());
            form.save(d -> { });
            return null;
        });
        assertEquals("Give the destination a name.", onFx(() -> form.errorProperty().get()));
        assertEquals(List.of(), service.destinations());
    }

    @Test
    void aFolderThatDoesNotExistIsRefusedInlineAndNothingIsSaved() throws Exception {
        DestinationFormViewModel form = onFx(model::newForm);
        onFx(() -> {
            form.nameProperty().set("nas");
            form.urlProperty().set(dir.resolve("missing").toString());
            return form.save(d -> { });
        });
        waitUntil(() -> !form.savingProperty().get() && !form.errorProperty().get().isEmpty(), 30);
        assertEquals(List.of(), service.destinations());
    }
}
