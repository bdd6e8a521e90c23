package app.lifeboat.ui.inspect;

import static app.lifeboat.ui.FxToolkit.onFx;
import static app.lifeboat.ui.FxToolkit.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.inspect.DiffResult;
import app.lifeboat.core.inspect.SchemaObject;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.ui.CompositionRoot;
import app.lifeboat.ui.FakeFileDialogs;
import app.lifeboat.ui.common.Themes;
import app.lifeboat.ui.main.MainViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the backup browser and the Compare window (headless) from the main window, against a
 * real home: two backups with known changes between them.
 */
@ExtendWith(ApplicationExtension.class)
class InspectWindowsTest {
    @TempDir
    Path dir;

    private final FakeFileDialogs files = new FakeFileDialogs();
    private CompositionRoot root;
    private MainViewModel model;
    private Path db;

    @Start
    void start(Stage stage) throws Exception {
        db = TestDatabases.create(dir.resolve("app.db"), 700);
        root = new CompositionRoot(new LifeboatHome(dir.resolve("home")), Clock.systemUTC(), files);
        model = root.mainModel();
        BackupService service = root.service();
        service.add(db, DatabaseOptions.none());
        service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE, Cancellation.none());
        try (Connection c = TestDatabases.open(db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM notes WHERE id IN (10, 20, 30, 40, 50)");
            s.execute("UPDATE notes SET body = 'edited' WHERE id IN (100, 200, 300)");
            TestDatabases.insertNotes(c, 4, "new");
            s.execute("ALTER TABLE users ADD COLUMN email TEXT");
        }
        service.create("app", new CreateRequest(BackupType.MANUAL, true, List.of(), null), Secrets.none(),
                ProgressListener.NONE, Cancellation.none());
        Themes.apply(false);
        stage.setScene(new Scene(root.loadMainView(), 1200, 800));
        root.errors().setOwner(stage);
        stage.show();
        model.reload();
    }

    @AfterEach
    void tearDown() {
        root.close();
    }

    private void waitIdle() throws Exception {
        waitUntil(() -> model.loadedProperty().get() && model.idleBinding().get() && model.backups().size() >= 2, 60);
    }

    private static void fire(Button b) throws Exception {
        waitUntil(() -> !b.isDisabled(), 30);
        onFx(() -> {
            b.fire();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The content of the window that holds {@code id}, once it is shown. */
    private static Parent window(FxRobot robot, String id) throws Exception {
        waitUntil(() -> robot.lookup(id).tryQuery().isPresent(), 30);
        return onFx(() -> robot.lookup(id).query().getScene().getRoot());
    }

    private long scratchFiles() throws Exception {
        Path tmp = dir.resolve("home/tmp");
        if (!Files.exists(tmp)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void openPageThroughQueryAndRestoreATableWithItsConfirmation(FxRobot robot) throws Exception {
        waitIdle();
        fire(robot.lookup("#openBackupButton").queryButton());
        Parent browser = window(robot, "#rowsTable");
        ListView<SchemaObject> tables = robot.from(browser).lookup("#browserTablesList").queryListView();
        TableView<List<String>> rows = robot.from(browser).lookup("#rowsTable").queryTableView();
        waitUntil(() -> tables.getItems().size() == 3, 60);
        SchemaObject notes = onFx(() -> tables.getItems().stream().filter(t -> t.name().equals("notes")).findFirst()
                .orElseThrow());
        assertEquals(699L, notes.rows(), "the newest backup: 700 notes, 5 deleted, 4 added");
        onFx(() -> {
            tables.getSelectionModel().select(notes);
            return null;
        });
        waitUntil(() -> rows.getItems().size() == BrowserViewModel.PAGE_ROWS, 30);
        assertEquals(List.of("id", "user_id", "body", "data"), onFx(() -> rows.getColumns().stream()
                .map(c -> c.getText()).toList()));
        // Scrolling to the end of what has arrived brings the next page, until every row is there.
        for (int i = 0; i < 10 && onFx(() -> rows.getItems().size()) < 699; i++) {
            int shown = onFx(() -> rows.getItems().size());
            onFx(() -> {
                rows.scrollTo(shown - 1);
                return null;
            });
            waitUntil(() -> rows.getItems().size() > shown || rows.getItems().size() == 699, 30);
        }
        assertEquals(699, onFx(() -> rows.getItems().size()));
        assertEquals("new 3 lorem ipsum dolor sit amet", onFx(() -> rows.getItems().get(698).get(2)));
        assertTrue(onFx(() -> robot.from(browser).lookup("#schemaArea").queryAs(TextArea.class).getText())
                .contains("CREATE INDEX notes_user"));

        onFx(() -> {
            robot.from(browser).lookup("#sqlArea").queryAs(TextArea.class).setText("select name from users order by id");
            return null;
        });
        fire(robot.from(browser).lookup("#runButton").queryButton());
        waitUntil(() -> rows.getItems().size() == 3, 30);
        assertEquals(List.of("ada"), onFx(() -> rows.getItems().get(0)));

        try (Connection c = TestDatabases.open(db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM kv WHERE k = 'owner'");
        }
        SchemaObject kv = onFx(() -> tables.getItems().stream().filter(t -> t.name().equals("kv")).findFirst().orElseThrow());
        onFx(() -> {
            tables.getSelectionModel().select(kv);
            return null;
        });
        waitUntil(() -> rows.getItems().size() == 2, 30);
        String id = onFx(() -> model.backups().stream().max((a, b) -> a.created().compareTo(b.created())).orElseThrow().id());
        fire(robot.from(browser).lookup("#restoreTableButton").queryButton());
        waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isPresent(), 30);
        DialogPane confirm = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        String text = onFx(confirm::getContentText);
        assertTrue(text.contains("table kv") && text.contains(id) && text.contains("1 rows in kv now")
                && text.contains("it will have 2 rows") && text.contains("pre-restore backup"), text);
        int before = onFx(() -> model.backups().size());
        fire((Button) confirm.lookupButton(confirm.getButtonTypes().get(0)));
        waitUntil(() -> TestDatabases.count(db, "select count(*) from kv") == 2, 60);
        waitUntil(() -> model.backups().size() == before + 1 && model.idleBinding().get(), 60);

        onFx(() -> {
            browser.getScene().getWindow().hide();
            return null;
        });
        waitUntil(() -> scratchFiles() == 0, 30);
    }

    @Test
    void aLongQueryIsCancelledAWriteIsRefusedAndQuittingRemovesTheDecodedCopy(FxRobot robot) throws Exception {
        waitIdle();
        fire(robot.lookup("#openBackupButton").queryButton());
        Parent browser = window(robot, "#rowsTable");
        ListView<SchemaObject> tables = robot.from(browser).lookup("#browserTablesList").queryListView();
        waitUntil(() -> tables.getItems().size() == 3, 60);
        assertEquals(1, scratchFiles(), "the compressed backup is decoded into the private temporary folder");
        TextArea sql = robot.from(browser).lookup("#sqlArea").queryAs(TextArea.class);
        Label status = robot.from(browser).lookup("#statusLabel").queryAs(Label.class);
        Label error = robot.from(browser).lookup("#browserErrorLabel").queryAs(Label.class);
        onFx(() -> {
            sql.setText("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n");
            return null;
        });
        fire(robot.from(browser).lookup("#runButton").queryButton());
        Button cancel = robot.from(browser).lookup("#browserCancelButton").queryButton();
        // A click before the statement has started may come too early to stop it; a person clicks again.
        waitUntil(() -> {
            if (!cancel.isDisabled()) {
                cancel.fire();
            }
            return "Cancelled.".equals(status.getText());
        }, 30);
        assertEquals("", onFx(error::getText));

        onFx(() -> {
            sql.setText("delete from notes");
            return null;
        });
        fire(robot.from(browser).lookup("#runButton").queryButton());
        waitUntil(() -> error.getText().contains("read-only"), 30);
        assertTrue(onFx(error::getText).startsWith("The statement would change backup"), onFx(error::getText));

        root.close(); // quitting with the browser open
        assertEquals(0, scratchFiles());
    }

    @Test
    void compareTwoBackupsShowsCountsSchemaChangesAndChangedCells(FxRobot robot) throws Exception {
        waitIdle();
        fire(robot.lookup("#compareButton").queryButton());
        Parent compare = window(robot, "#compareTablesTable");
        TableView<DiffResult.TableDiff> tables = robot.from(compare).lookup("#compareTablesTable").queryTableView();
        ComboBox<CompareViewModel.Side> from = robot.from(compare).lookup("#fromBox").queryComboBox();
        ComboBox<CompareViewModel.Side> to = robot.from(compare).lookup("#toBox").queryComboBox();
        String newest = onFx(() -> model.backups().stream().max((a, b) -> a.created().compareTo(b.created())).orElseThrow()
                .id());
        assertEquals(newest, onFx(() -> from.getValue().id()), "the backup selected in the main window");
        assertEquals(null, onFx(() -> to.getValue().id()), "compared with the database now");
        // From the older backup to the newer one.
        onFx(() -> {
            from.setValue(from.getItems().get(1));
            to.setValue(to.getItems().get(1));
            return null;
        });
        fire(robot.from(compare).lookup("#runCompareButton").queryButton());
        waitUntil(() -> !tables.getItems().isEmpty(), 60);
        DiffResult.TableDiff notes = onFx(() -> tables.getItems().stream().filter(t -> t.table().equals("notes"))
                .findFirst().orElseThrow());
        assertEquals(List.of(4L, 5L, 3L), List.of(notes.added(), notes.removed(), notes.changed()));
        ListView<String> schema = robot.from(compare).lookup("#schemaList").queryListView();
        assertEquals(List.of("column added: users.email"), onFx(() -> List.copyOf(schema.getItems())));
        TableView<DiffResult.RowChange> changed = robot.from(compare).lookup("#compareRowsTable").queryTableView();
        waitUntil(() -> changed.getItems().size() == 12, 30); // the first changed table is selected
        waitUntil(() -> !robot.from(compare).lookup(".diff-changed").queryAll().isEmpty(), 30);
        Node cell = robot.from(compare).lookup(".diff-changed").query();
        String shown = onFx(() -> ((Labeled) cell).getText());
        assertTrue(shown.contains("\u2192 edited"), shown);
    }
}
