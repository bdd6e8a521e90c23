package app.lifeboat.ui.inspect;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.restore.TableRestoreResult;
import app.lifeboat.ui.common.BackgroundThreads;
import app.lifeboat.ui.common.EngineTask;
import app.lifeboat.ui.common.FileDialogs;
import app.lifeboat.ui.common.Format;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import app.lifeboat.ui.main.BackupInspector;
import app.lifeboat.ui.main.Dialogs;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.concurrent.WorkerStateEvent;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Opens the backup browser and the Compare window, each a non-modal window with its own thread
 * (so a long query or diff never waits for, nor holds up, the main window's operations). A table
 * restore goes through the main window's runner, so it shows in the activity list and the main
 * window reloads (the pre-restore backup appears there).
 */
public final class InspectWindows implements BackupInspector {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final BackupService service;
    private final Messages messages;
    private final Format format;
    private final OperationRunner runner;
    private final FileDialogs files;
    private final InspectViews views;
    private final Function<Supplier<Window>, Dialogs> dialogsFor;
    private final Supplier<Window> owner;
    private final Runnable afterRestore;
    /** The browsers open now: quitting closes them, so their decoded copies are removed before the JVM ends. */
    private final List<BrowserViewModel> open = new CopyOnWriteArrayList<>();

    /**
     * @param dialogsFor the main window's dialogs, owned by the given window (so they show over the browser)
     * @param owner the main window
     * @param afterRestore reloads the main window once a table was restored
     */
    public InspectWindows(BackupService service, Messages messages, Format format, OperationRunner runner, FileDialogs files,
            InspectViews views, Function<Supplier<Window>, Dialogs> dialogsFor, Supplier<Window> owner,
            Runnable afterRestore) {
        this.service = service;
        this.messages = messages;
        this.format = format;
        this.runner = runner;
        this.files = files;
        this.views = views;
        this.dialogsFor = dialogsFor;
        this.owner = owner;
        this.afterRestore = afterRestore;
    }

    @Override
    public void open(String database, BackupRecord backup) {
        Optional<Secrets> secrets = secretsFor(List.of(backup));
        if (secrets.isEmpty()) {
            return;
        }
        Stage stage = new Stage();
        Dialogs dialogs = dialogsFor.apply(() -> stage);
        BrowserViewModel model = new BrowserViewModel(service, database, backup, secrets.get(), newThread("browser"),
                messages, runner::sentence, (db, b, table, now, after, done) -> restoreTable(dialogs, db, b, secrets.get(), table,
                        now, after, done));
        open.add(model);
        show(stage, model.title(), views.browser(model), () -> {
            open.remove(model);
            model.close();
        });
        model.open();
    }

    @Override
    public void compare(String database, List<BackupRecord> backups, BackupRecord selected) {
        CompareViewModel model = new CompareViewModel(service, database, backups, selected, newThread("compare"), messages,
                format, this::secretsFor, runner::sentence);
        show(new Stage(), model.title(), views.compare(model), model::close);
    }

    private void show(Stage stage, String title, Parent content, Runnable closed) {
        stage.initOwner(owner.get());
        stage.setTitle(title);
        stage.setScene(new Scene(content));
        stage.setOnHidden(e -> closed.run());
        stage.show();
    }

    /** Closes every open browser (quitting) and waits a little for each to remove its decoded copy. */
    public void closeAll() {
        for (BrowserViewModel model : open) {
            model.close();
        }
        try {
            for (BrowserViewModel model : open) {
                model.awaitClosed(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.clear();
    }

    /**
     * The confirmation says which table, from which backup, its rows now and after, and that a
     * pre-restore backup is taken first; then the restore runs as a main-window operation.
     */
    private void restoreTable(Dialogs dialogs, String database, BackupRecord backup, Secrets secrets, String table,
            Long rowsNow, long rowsAfter, Consumer<String> done) {
        String now = rowsNow == null ? messages.get("browser.restore.absent", database, table)
                : messages.get("browser.restore.now", database, table, rowsNow);
        String text = messages.get("browser.restore.text", table, backup.id(), format.dateTime(backup.createdAt()), now,
                rowsAfter, database);
        if (!dialogs.confirm("browser.restore.title", text, "browser.restore.button")) {
            return;
        }
        String title = messages.get("op.restoreTable", table, database);
        EngineTask<TableRestoreResult> task = runner.run(title, (p, c) -> service.restoreTables(database, backup.id(),
                List.of(table), null, secrets, p, c), r -> new OperationRunner.Outcome(true, describe(table, r)), afterRestore);
        if (task == null) {
            dialogs.inform(messages.get("browser.restore.title"), messages.get("browser.restore.busy"));
            return;
        }
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> done.accept(describe(table, task.getValue())));
    }

    private String describe(String table, TableRestoreResult r) {
        return messages.get("result.restoreTable.ok", table, r.restored().id(), r.rows().getOrDefault(table, 0L),
                r.preRestore() == null ? "-" : r.preRestore().id());
    }

    /**
     * A backup encrypted to an age public key needs its identity file: asked once for all the
     * backups involved. Empty when the person cancelled.
     */
    private Optional<Secrets> secretsFor(List<BackupRecord> involved) {
        boolean needsIdentity = involved.stream().anyMatch(r -> r.format().ageEncrypted()
                && r.recipients().stream().anyMatch(x -> x.startsWith("age1")));
        if (!needsIdentity) {
            return Optional.of(Secrets.none());
        }
        Optional<Path> identity = files.chooseIdentity(owner.get());
        return identity.map(p -> new Secrets(null, null, List.of(p), null));
    }

    /** One daemon thread per window: its requests run in order, and closing the window ends it. */
    private static ExecutorService newThread(String what) {
        return Executors.newSingleThreadExecutor(new BackgroundThreads("lifeboat-" + what + "-" + THREADS.incrementAndGet() + "-"));
    }
}
