package app.lifeboat.ui.inspect;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.inspect.BackupBrowser;
import app.lifeboat.core.inspect.QueryResult;
import app.lifeboat.core.inspect.SchemaObject;
import app.lifeboat.ui.common.EngineTask;
import app.lifeboat.ui.common.Messages;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The backup browser's state and commands. The backup is opened once (in the background, with
 * progress and Cancel); then every request (a page of rows, a query, the live row count) is one
 * small {@link Task} on this window's own thread, so a long query never holds up the main window.
 * A table's rows arrive page by page as the grid scrolls near its end. Use from the FX thread.
 */
public final class BrowserViewModel {
    /** Rows fetched per page: a screenful several times over, small enough to arrive at once. */
    public static final int PAGE_ROWS = 200;
    /** Rows a query shows at most. */
    public static final int QUERY_LIMIT = 1000;

    private final BackupService service;
    private final String database;
    private final BackupRecord backup;
    private final Secrets secrets;
    private final ExecutorService executor;
    private final Messages messages;
    private final TableRestore restore;
    private final Function<Throwable, String> sentence;
    private List<SchemaObject> schema = List.of();
    private final AtomicReference<BackupBrowser> browser = new AtomicReference<>();
    private final ObservableList<SchemaObject> tables = FXCollections.observableArrayList();
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final ObservableList<List<String>> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper opening = new ReadOnlyBooleanWrapper(this, "opening");
    private final ReadOnlyBooleanWrapper open = new ReadOnlyBooleanWrapper(this, "open");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper querying = new ReadOnlyBooleanWrapper(this, "querying");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper schemaText = new ReadOnlyStringWrapper(this, "schemaText", "");
    private final ReadOnlyStringWrapper selectedTable = new ReadOnlyStringWrapper(this, "selectedTable");
    private EngineTask<BackupBrowser> openTask;
    /** Which request the grid shows: an answer to an older one (another table, a query) is dropped. */
    private long generation;
    private List<Object> lastKey;
    private boolean more;
    private boolean closed;
    /** A page was asked for while another request ran: fetched once that one ends. */
    private boolean pageWanted;

    /**
     * @param executor this window's own thread; shut down by {@link #close()}
     * @param sentence the one sentence a person reads for an error (the main window's wording)
     * @param restore puts a table back once the person confirmed (through the main window's runner)
     */
    public BrowserViewModel(BackupService service, String database, BackupRecord backup, Secrets secrets,
            ExecutorService executor, Messages messages, Function<Throwable, String> sentence, TableRestore restore) {
        this.service = service;
        this.database = database;
        this.backup = backup;
        this.secrets = secrets;
        this.executor = executor;
        this.messages = messages;
        this.restore = restore;
        this.sentence = sentence;
    }

    /** Puts one table of the backup back into the live database, after asking. */
    @FunctionalInterface
    public interface TableRestore {
        /** Asks with the counts given, then restores; {@code done} gets the result line when it succeeded. */
        void restore(String database, BackupRecord backup, String table, Long rowsNow, long rowsAfter, Consumer<String> done);
    }

    /** Opens the backup (decoding it into the private temporary folder), then lists its tables. */
    public EngineTask<BackupBrowser> open() {
        opening.set(true);
        openTask = new EngineTask<>(messages.get("browser.opening", backup.id()), messages, (p, c) -> {
            BackupBrowser b = service.inspector().browse(database, backup.id(), secrets, p, c);
            browser.set(b);
            return b;
        });
        progress.bind(openTask.progressProperty());
        message.bind(openTask.messageProperty());
        openTask.setOnSucceeded(e -> {
            opened();
            open.set(true);
            request(() -> browser.get().tables(), this::showTables);
        });
        openTask.setOnFailed(e -> {
            opened();
            error.set(EngineTask.wasCancelled(openTask.getException()) ? messages.get("browser.openCancelled")
                    : sentence.apply(openTask.getException()));
        });
        executor.execute(openTask);
        return openTask;
    }

    private void opened() {
        progress.unbind();
        message.unbind();
        opening.set(false);
    }

    private void showTables(List<SchemaObject> all) {
        schema = all;
        tables.setAll(all.stream().filter(o -> o.type().equals("table")).toList());
        status.set(messages.get("browser.tables", tables.size()));
        if (!tables.isEmpty() && selectedTable.get() == null) {
            select(tables.get(0).name());
        }
    }

    /** Shows {@code table}: its statement (with its indexes and triggers) and its first page of rows. */
    public void select(String table) {
        if (table == null || browser.get() == null) {
            return;
        }
        generation++;
        selectedTable.set(table);
        columns.clear();
        rows.clear();
        lastKey = null;
        more = true;
        error.set("");
        schemaText.set(schema.stream().filter(o -> table.equals(o.table()) && o.sql() != null)
                .map(o -> o.sql() + ";").collect(Collectors.joining("\n\n")));
        loadMore();
    }

    /** Fetches the next page of the selected table, unless one is on its way or the last one came. */
    public void loadMore() {
        String table = selectedTable.get();
        if (table == null || !more || browser.get() == null) {
            return;
        }
        if (busy.get()) {
            pageWanted = true;
            return;
        }
        long asked = generation;
        List<Object> after = lastKey;
        request(() -> browser.get().page(table, after, PAGE_ROWS), page -> {
            if (asked != generation) {
                return;
            }
            if (columns.isEmpty()) {
                columns.setAll(page.columns());
            }
            rows.addAll(page.rows());
            lastKey = page.lastKey();
            more = page.more() && page.lastKey() != null;
            status.set(messages.get(more ? "browser.rows.more" : "browser.rows.all", rows.size(), rowCount(table)));
        });
    }

    private Long rowCount(String table) {
        return tables.stream().filter(o -> o.name().equals(table)).findFirst().map(SchemaObject::rows).orElse(null);
    }

    /** Runs one read-only statement; its rows replace the grid's until a table is selected again. */
    public Task<QueryResult> runQuery(String sql) {
        if (browser.get() == null || busy.get()) {
            return null;
        }
        generation++;
        long asked = generation;
        selectedTable.set(null);
        schemaText.set("");
        columns.clear();
        rows.clear();
        querying.set(true);
        status.set(messages.get("browser.query.running"));
        return request(() -> browser.get().query(sql, QUERY_LIMIT), r -> {
            if (asked != generation) {
                return;
            }
            columns.setAll(r.columns());
            rows.setAll(r.rows());
            status.set(r.truncated() ? messages.get("browser.query.cut", r.limit()) : messages.get("browser.query.rows",
                    r.rows().size()));
        });
    }

    /** Stops the opening, or the statement running now. */
    public void cancel() {
        if (opening.get() && openTask != null) {
            openTask.cancel();
        } else if (browser.get() != null) {
            browser.get().cancel(); // sqlite3_interrupt: returns at once, the statement ends with an error
        }
    }

    /**
     * Restore this table…: reads the live row count first (in the background), then the restore
     * asks with both counts and the pre-restore backup it takes.
     */
    public void restoreSelected() {
        String table = selectedTable.get();
        Long after = table == null ? null : rowCount(table);
        if (after == null || busy.get()) {
            return;
        }
        request(() -> browser.get().currentRows(table), now -> restore.restore(database, backup, table,
                now.isPresent() ? now.getAsLong() : null, after, status::set));
    }

    private void ended() {
        busy.set(false);
        querying.set(false);
    }

    /** Runs one request on this window's thread; failures (and cancellations) become the error line. */
    private <T> Task<T> request(Callable<T> work, Consumer<T> done) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        busy.set(true);
        error.set("");
        long asked = generation;
        task.setOnSucceeded(e -> {
            ended();
            done.accept(task.getValue());
            if (pageWanted) {
                pageWanted = false;
                loadMore();
            }
        });
        task.setOnFailed(e -> {
            ended();
            boolean cancelled = EngineTask.wasCancelled(task.getException());
            if (asked == generation) {
                more = false;
                status.set(cancelled ? messages.get("browser.cancelled") : "");
            }
            error.set(cancelled ? "" : sentence.apply(task.getException()));
            if (pageWanted) {
                pageWanted = false;
                loadMore();
            }
        });
        if (!closed) {
            executor.execute(task);
        }
        return task;
    }

    /**
     * The window closed: stops what runs, then closes the backup (removing its decoded copy) on this
     * window's thread, after whatever was still queued there; the thread then ends.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancel();
        executor.execute(() -> {
            BackupBrowser b = browser.getAndSet(null);
            if (b != null) {
                b.close();
            }
        });
        executor.shutdown();
    }

    /** Waits up to {@code millis} for {@link #close()} to have removed the decoded copy; true once it has. */
    public boolean awaitClosed(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    public String title() {
        return messages.get("browser.title", database, backup.id());
    }

    public ObservableList<SchemaObject> tables() {
        return tables;
    }

    public ObservableList<String> columns() {
        return columns;
    }

    public ObservableList<List<String>> rows() {
        return rows;
    }

    /** Whether rows of the selected table remain to be fetched. */
    public boolean hasMore() {
        return more;
    }

    public ReadOnlyBooleanProperty openingProperty() {
        return opening.getReadOnlyProperty();
    }

    /** True once the backup is open (and until the window closes). */
    public ReadOnlyBooleanProperty openProperty() {
        return open.getReadOnlyProperty();
    }

    /** A request (page, query, count) is on its way. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty queryingProperty() {
        return querying.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** "notes: 200 of 5,000 rows shown", "12 rows", or what was restored. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The selected table's statement, with its indexes and triggers. */
    public ReadOnlyStringProperty schemaTextProperty() {
        return schemaText.getReadOnlyProperty();
    }

    /** The table the grid shows, or null while it shows a query's rows. */
    public ReadOnlyStringProperty selectedTableProperty() {
        return selectedTable.getReadOnlyProperty();
    }
}
