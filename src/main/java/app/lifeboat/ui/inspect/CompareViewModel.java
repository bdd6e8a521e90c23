package app.lifeboat.ui.inspect;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.inspect.DiffResult;
import app.lifeboat.ui.common.EngineTask;
import app.lifeboat.ui.common.Format;
import app.lifeboat.ui.common.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Compare window's state: two sides (two backups, or a backup and the database as it is now),
 * the per-table counts and schema changes of the engine's diff, and the changed rows of the
 * selected table. The diff runs in the background with progress and Cancel. Use from the FX thread.
 */
public final class CompareViewModel {
    /** Changed rows listed per table, with their values; the counts are always complete. */
    public static final int ROW_LIMIT = 500;

    /** One side of the comparison: a backup, or now (id null). */
    public record Side(String id, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final BackupService service;
    private final String database;
    private final List<BackupRecord> backups;
    private final ExecutorService executor;
    private final Messages messages;
    private final Function<List<BackupRecord>, Optional<Secrets>> secretsFor;
    private final Function<Throwable, String> sentence;
    private final ObservableList<Side> fromChoices = FXCollections.observableArrayList();
    private final ObservableList<Side> toChoices = FXCollections.observableArrayList();
    private final ObjectProperty<Side> from = new SimpleObjectProperty<>(this, "from");
    private final ObjectProperty<Side> to = new SimpleObjectProperty<>(this, "to");
    private final ObservableList<DiffResult.TableDiff> tables = FXCollections.observableArrayList();
    private final ObservableList<String> schemaChanges = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<DiffResult.TableDiff> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private EngineTask<DiffResult> task;

    /**
     * @param backups the database's backups, newest first
     * @param first the backup to compare from, or null for the second newest
     * @param executor this window's own thread; shut down by {@link #close()}
     * @param secretsFor the identities the chosen backups need (asked for when needed), or empty when the person cancelled
     */
    public CompareViewModel(BackupService service, String database, List<BackupRecord> backups, BackupRecord first,
            ExecutorService executor, Messages messages, Format format,
            Function<List<BackupRecord>, Optional<Secrets>> secretsFor, Function<Throwable, String> sentence) {
        this.service = service;
        this.database = database;
        this.backups = List.copyOf(backups);
        this.executor = executor;
        this.messages = messages;
        this.secretsFor = secretsFor;
        this.sentence = sentence;
        for (BackupRecord b : backups) {
            fromChoices.add(new Side(b.id(), messages.get("compare.backup", format.dateTime(b.createdAt()), b.id())));
        }
        toChoices.add(new Side(null, messages.get("compare.now", database)));
        toChoices.addAll(fromChoices);
        if (!fromChoices.isEmpty()) {
            int index = first != null ? backups.indexOf(first) : Math.min(1, fromChoices.size() - 1);
            from.set(fromChoices.get(Math.max(0, index)));
            // The newer neighbour of the chosen backup, or now when it is the newest.
            to.set(index <= 0 ? toChoices.get(0) : toChoices.get(index));
        }
    }

    /** Runs the diff of the two chosen sides. */
    public EngineTask<DiffResult> compare() {
        Side a = from.get();
        Side b = to.get();
        if (a == null || b == null || running.get()) {
            return null;
        }
        List<BackupRecord> involved = new ArrayList<>();
        backups.stream().filter(r -> r.id().equals(a.id()) || r.id().equals(b.id())).forEach(involved::add);
        Optional<Secrets> secrets = secretsFor.apply(involved);
        if (secrets.isEmpty()) {
            return null;
        }
        tables.clear();
        schemaChanges.clear();
        selected.set(null);
        error.set("");
        summary.set("");
        running.set(true);
        task = new EngineTask<>(messages.get("compare.running", a.label(), b.label()), messages, (p, c) -> service.inspector().diff(
                database, a.id(), b.id(), true, true, ROW_LIMIT, secrets.get(), p, c));
        progress.bind(task.progressProperty());
        message.bind(task.messageProperty());
        task.setOnSucceeded(e -> {
            ended();
            DiffResult d = task.getValue();
            tables.setAll(d.tables());
            schemaChanges.setAll(d.schema());
            long changedTables = d.tables().stream().filter(t -> !t.unchanged()).count();
            summary.set(messages.get("compare.summary", changedTables, d.tables().size(), d.schema().size()));
            d.tables().stream().filter(t -> !t.unchanged()).findFirst().ifPresent(selected::set);
        });
        task.setOnFailed(e -> {
            ended();
            error.set(EngineTask.wasCancelled(task.getException()) ? messages.get("compare.cancelled")
                    : sentence.apply(task.getException()));
        });
        executor.execute(task);
        return task;
    }

    private void ended() {
        progress.unbind();
        message.unbind();
        running.set(false);
    }

    public void cancel() {
        if (task != null && running.get()) {
            task.cancel();
        }
    }

    public void select(DiffResult.TableDiff table) {
        selected.set(table);
    }

    /** The window closed: a running diff is cancelled (it removes its decoded copies), then the thread ends. */
    public void close() {
        cancel();
        executor.shutdown();
    }

    public String title() {
        return messages.get("compare.title", database);
    }

    public ObservableList<Side> fromChoices() {
        return fromChoices;
    }

    public ObservableList<Side> toChoices() {
        return toChoices;
    }

    public ObjectProperty<Side> fromProperty() {
        return from;
    }

    public ObjectProperty<Side> toProperty() {
        return to;
    }

    /** Every table both sides have, with its counts of added, removed and changed rows. */
    public ObservableList<DiffResult.TableDiff> tables() {
        return tables;
    }

    public ObservableList<String> schemaChanges() {
        return schemaChanges;
    }

    /** The table whose changed rows are shown. */
    public ReadOnlyObjectProperty<DiffResult.TableDiff> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
