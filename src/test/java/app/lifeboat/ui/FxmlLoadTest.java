package app.lifeboat.ui;

import static app.lifeboat.ui.FxToolkit.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.ui.common.Themes;
import app.lifeboat.ui.database.DatabaseFormViewModel;
import app.lifeboat.ui.destination.DestinationsViewModel;
import app.lifeboat.ui.inspect.BrowserViewModel;
import app.lifeboat.ui.inspect.CompareViewModel;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.ui.common.Format;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every FXML file loads through the composition root, with its controller and bundle. */
@ExtendWith(FxToolkit.class)
class FxmlLoadTest {
    static final Path RESOURCES = Path.of("src/main/resources/app/lifeboat/ui");

    @TempDir
    Path dir;

    @Test
    void everyFxmlFileLoadsWithItsController() throws Exception {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            files.filter(p -> p.toString().endsWith(".fxml")).forEach(p -> found.add(RESOURCES.relativize(p).toString()));
        }
        assertEquals(Set.of("main/MainView.fxml", "main/DatabaseListView.fxml", "main/DatabaseHeaderView.fxml",
                "main/BackupsTableView.fxml", "main/BackupDetailsView.fxml", "main/ActivityView.fxml",
                "database/DatabaseFormView.fxml", "destination/DestinationsView.fxml",
                "destination/DestinationFormView.fxml", "inspect/BrowserView.fxml", "inspect/CompareView.fxml"), found,
                "a new FXML file needs a line in this test");
        Path db = TestDatabases.create(dir.resolve("a.db"), 5);
        onFx(() -> {
            Themes.apply(false);
            return null;
        });
        try (CompositionRoot root = new CompositionRoot(new LifeboatHome(dir.resolve("home")), Clock.systemUTC(),
                new FakeFileDialogs())) {
            assertNotNull(onFx(() -> {
                Parent main = root.loadMainView();
                new Scene(main).getRoot().applyCss(); // skins (SplitPane items) come with CSS
                return main.lookup("#backupsTable");
            }));
            assertNotNull(root.mainController());
            DatabaseFormViewModel form = onFx(() -> DatabaseFormViewModel.forAdd(root.service(), Runnable::run,
                    root.messages(), root.mainModel().runner(), db));
            Parent formView = onFx(() -> root.databaseForm(form));
            assertNotNull(formView.lookup("#nameField"));
            // A compression describes full files: the choice is off while the storage is incremental (the default).
            assertTrue(onFx(() -> formView.lookup("#compressionChoice").isDisabled()));
            assertFalse(onFx(() -> {
                form.storageProperty().set("full");
                return formView.lookup("#compressionChoice").isDisabled();
            }));
            DestinationsViewModel destinations = new DestinationsViewModel(root.service(), Runnable::run, root.messages(),
                    root.mainModel().runner());
            assertNotNull(onFx(() -> root.destinations(destinations)).lookup("#destinationsTable"));
            assertNotNull(onFx(() -> root.destinationForm(destinations.newForm())).lookup("#hostKeyField"));
            BrowserViewModel browser = new BrowserViewModel(root.service(), "a", null, Secrets.none(),
                    Executors.newSingleThreadExecutor(), root.messages(), Throwable::getMessage, (d, b, t, n, a, done) -> { });
            assertNotNull(onFx(() -> root.browser(browser)).lookup("#openingBar"));
            CompareViewModel compare = new CompareViewModel(root.service(), "a", List.of(), null,
                    Executors.newSingleThreadExecutor(), root.messages(), new Format(root.messages(), ZoneId.of("UTC")),
                    r -> Optional.of(Secrets.none()), Throwable::getMessage);
            assertNotNull(onFx(() -> root.compare(compare)).lookup("#runCompareButton"));
            browser.close();
            compare.close();
        }
    }

    /**
     * The app builds the main view on a thread of its own while the FX thread draws the first
     * frame (LifeboatApp), and only attaches it on the FX thread: every controller of it must
     * initialise off the FX thread.
     */
    @Test
    void theMainViewLoadsOffTheFxThreadAndAttachesOnIt() throws Exception {
        TestDatabases.create(dir.resolve("a.db"), 5);
        onFx(() -> {
            Themes.apply(false);
            return null;
        });
        try (CompositionRoot root = new CompositionRoot(new LifeboatHome(dir.resolve("home")), Clock.systemUTC(),
                new FakeFileDialogs())) {
            CompletableFuture<Parent> loaded = new CompletableFuture<>();
            Thread loader = new Thread(() -> {
                try {
                    assertFalse(Platform.isFxApplicationThread(), "the premise: the view is built off the FX thread");
                    loaded.complete(root.loadMainView());
                } catch (Throwable e) {
                    loaded.completeExceptionally(e);
                }
            }, "main-view-test");
            loader.setDaemon(true);
            loader.start();
            Parent main = loaded.get(60, TimeUnit.SECONDS);
            assertNotNull(onFx(() -> {
                new Scene(main).getRoot().applyCss();
                root.mainModel().reload();
                return main.lookup("#backupsTable");
            }));
            assertNotNull(root.mainController());
        }
    }
}
