package app.lifeboat.ui.main;

import org.slf4j.LoggerFactory;
import java.util.Map;
import java.util.HashMap;
import app.lifeboat.core.incremental.VersionSizes;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.Bytes;
import java.nio.file.Path;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.health.DatabaseHealth;
import app.lifeboat.core.health.Stats;
import app.lifeboat.platform.OsTimer;
import app.lifeboat.ui.common.ActivityEntry;
import app.lifeboat.ui.common.Format;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import app.lifeboat.ui.common.UiPreferences;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The main window's state: the databases with their health, and the selected database's banners,
 * backups and totals. Everything is read from the engine on the background executor and applied on
 * the FX thread; the commands live in {@link MainCommands}. Use from the FX thread.
 */
public final class MainViewModel {
    private static final System.Logger LOG = System.getLogger(MainViewModel.class.getName());

    /** What one background load found. */
    record Snapshot(List<DatabaseItem> items, String selected, List<BackupRow> rows, Stats stats, String loadError,
            List<ActivityEntry> history) {}

    private final BackupService service;
    private final Executor executor;
    private final Messages messages;
    private final Format format;
    private final UiPreferences preferences;
    private final OperationRunner runner;

    private final ObservableList<DatabaseItem> databases = FXCollections.observableArrayList();
    private final ObservableList<Banner> banners = FXCollections.observableArrayList();
    private final ObservableList<BackupRow> backups = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper selectedName = new ReadOnlyStringWrapper(this, "selectedName");
    private final ReadOnlyObjectWrapper<DatabaseItem> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyObjectWrapper<BackupRow> selectedBackup = new ReadOnlyObjectWrapper<>(this, "selectedBackup");
    private final ReadOnlyObjectWrapper<Stats> stats = new ReadOnlyObjectWrapper<>(this, "stats");
    private final ReadOnlyStringWrapper attention = new ReadOnlyStringWrapper(this, "attention", "");
    private final ReadOnlyBooleanWrapper attentionNeeded = new ReadOnlyBooleanWrapper(this, "attentionNeeded");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title");
    private final ReadOnlyStringWrapper loadError = new ReadOnlyStringWrapper(this, "loadError");
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(this, "empty");
    /** Scheduled databases that nothing backs up while the app is closed (no OS timer); read off the FX thread. */
    private volatile int unprotectedWhenClosed;
    /** What the latest load found for the status line: enabled scheduled databases, and the OS timer. */
    private volatile int scheduled;
    private volatile boolean timerInstalled;
    private final ProtectionStatus protection;
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final BooleanBinding idle;
    private volatile List<DatabaseSettings> known = List.of();
    private long generation;

    public MainViewModel(BackupService service, Executor executor, Messages messages, Format format,
            UiPreferences preferences, OperationRunner runner) {
        this.service = service;
        this.executor = executor;
        this.messages = messages;
        this.format = format;
        this.preferences = preferences;
        this.runner = runner;
        this.selectedName.set(preferences.get(UiPreferences.SELECTED).orElse(null));
        this.idle = Bindings.createBooleanBinding(() -> !loading.get() && !runner.runningProperty().get(),
                loading, runner.runningProperty());
        this.title.set(messages.get("app.title"));
        this.protection = new ProtectionStatus(messages,
                ClosePolicy.Choice.parse(preferences.get(UiPreferences.ON_CLOSE).orElse(null)));
    }

    // ---- loading ---------------------------------------------------------------------------

    /** Reads everything again in the background; only the newest of overlapping loads is applied. */
    public Task<?> reload() {
        long gen = ++generation;
        String want = selectedName.get();
        boolean first = !loaded.get();
        Task<Snapshot> task = new Task<>() {
            @Override
            protected Snapshot call() {
                Snapshot s = load(want);
                return first ? withHistory(s) : s;
            }
        };
        loading.set(true);
        task.setOnSucceeded(e -> {
            if (gen == generation) {
                apply(task.getValue());
                loading.set(false);
            }
        });
        task.setOnFailed(e -> {
            LOG.log(System.Logger.Level.WARNING, "reload failed", task.getException());
            if (gen == generation) {
                // Never an empty window without a word: the attention bar says what failed, with its path.
                loadError.set(runner.sentence(task.getException()));
                attention.set(loadError.get());
                attentionNeeded.set(true);
                loaded.set(true);
                loading.set(false);
            }
        });
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            loading.set(false); // shutting down
        }
        return task;
    }

    /** Runs on the executor: settings, health of every database, and the selected one's backups. */
    private Snapshot load(String want) {
        Instant now = service.clock().instant();
        List<DatabaseSettings> dbs = service.databases();
        known = dbs;
        timerInstalled = OsTimer.installed();
        scheduled = (int) dbs.stream().filter(d -> d.enabled() && !"off".equals(d.effectiveSchedule().spec())).count();
        unprotectedWhenClosed = timerInstalled ? 0 : scheduled;
        List<DatabaseItem> items = dbs.stream().map(d -> {
            DatabaseHealth h = service.health(d.name());
            return new DatabaseItem(d, h, format.relative(h.newestGoodBackupAt(), now),
                    service.running(d.name()).orElse(null));
        }).toList();
        String sel = items.stream().anyMatch(i -> i.name().equals(want)) ? want
                : items.isEmpty() ? null : items.get(0).name();
        if (sel == null) {
            return new Snapshot(items, null, List.of(), null, null, List.of());
        }
        try {
            Catalog.Listing listing = service.list(sel);
            Map<String, VersionSizes> sizes = listing.records().stream().anyMatch(BackupRecord::isIncremental)
                    ? versionSizes(sel) : Map.of();
            List<BackupRow> rows = listing.records().stream().map(r -> toRow(r, listing, sizes.get(r.id()), now)).toList();
            return new Snapshot(items, sel, rows, service.stats(sel), null, List.of());
        } catch (LifeboatException e) {
            // The banners already say why (e.g. the destination is missing); show an empty table.
            return new Snapshot(items, sel, List.of(), null, null, List.of());
        }
    }

    /** The last backup attempt of every database (also those made by the CLI), for the activity panel. */
    private Snapshot withHistory(Snapshot s) {
        List<ActivityEntry> history = s.items().stream().flatMap(i -> service.lastRun(i.name()).stream()
                .map(r -> new ActivityEntry(r.at(), messages.get("op.backup", i.name()),
                        r.ok() ? ActivityEntry.Outcome.OK : ActivityEntry.Outcome.FAILED,
                        r.ok() ? messages.get("result.lastRun.ok", r.backupId()) : sentence(r.message()), null)))
                .sorted(Comparator.comparing(ActivityEntry::at).reversed()).toList();
        return new Snapshot(s.items(), s.selected(), s.rows(), s.stats(), s.loadError(), history);
    }

    private static String sentence(String m) {
        return m == null || m.isEmpty() ? "" : Character.toUpperCase(m.charAt(0)) + m.substring(1) + (m.endsWith(".") ? "" : ".");
    }

    /** Per version of the store, by id; the table still lists its backups when the store cannot be measured. */
    private Map<String, VersionSizes> versionSizes(String name) {
        try {
            Map<String, VersionSizes> m = new HashMap<>();
            service.versionSizes(name, Cancellation.none()).forEach(v -> m.put(v.versionId(), v));
            return m;
        } catch (LifeboatException e) {
            LoggerFactory.getLogger(MainViewModel.class).warn("cannot measure the incremental store of {}: {}", name,
                    e.getMessage());
            return Map.of();
        }
    }

    /**
     * A version of the incremental store shows as stored the bytes only it holds (what deleting it
     * frees), with all the bytes it uses in its description and ratio.
     */
    private BackupRow toRow(BackupRecord r, Catalog.Listing listing, VersionSizes sizes, Instant now) {
        String where = listing.locationElsewhere(r.sidecarName())
                .map(l -> messages.get("row.elsewhere", Path.of(l).getParent().toString())).orElse("");
        if (sizes != null) {
            String uses = messages.get("row.versionUses", Bytes.human(sizes.totalBytes()));
            where = where.isEmpty() ? uses : uses + " · " + where;
        }
        long stored = sizes != null ? sizes.uniqueBytes() : r.storedSizeBytes();
        long ratioBase = sizes != null ? sizes.totalBytes() : r.storedSizeBytes();
        String description = r.description() == null ? where : where.isEmpty() ? r.description() : r.description() + " · " + where;
        return new BackupRow(r,
                new BackupRow.Created(r.createdAt(), format.dateTime(r.createdAt()) + "  ("
                        + format.relative(r.createdAt(), now) + ")"),
                messages.get("type." + r.type().label()), r.status(), new BackupRow.Size(r.originalSizeBytes()),
                new BackupRow.Size(stored), BackupRow.Ratio.of(r.originalSizeBytes(), ratioBase),
                r.encryption() != null && !r.encryption().isBlank() && !"none".equals(r.encryption()), r.pinned(),
                String.join(", ", r.tags()), description);
    }

    private void apply(Snapshot s) {
        if (!s.items().equals(databases)) {
            databases.setAll(s.items()); // an unchanged list keeps its cells: no relayout after every operation
        }
        selectedName.set(s.selected());
        DatabaseItem item = s.items().stream().filter(i -> i.name().equals(s.selected())).findFirst().orElse(null);
        selected.set(item);
        List<Banner> next = item == null ? List.of() : item.health().warnings().stream().map(Banner::of).toList();
        if (!next.equals(banners)) {
            banners.setAll(next); // unchanged banners keep their nodes (and focus) across reloads
        }
        if (!s.rows().equals(backups)) {
            backups.setAll(s.rows()); // an unchanged list keeps the table's selection and scroll position
        }
        stats.set(s.stats());
        loadError.set(s.loadError());
        runner.addHistory(s.history());
        empty.set(s.items().isEmpty());
        updateAttention(s.items());
        protection.schedules(scheduled, timerInstalled);
        loaded.set(true);
    }

    private void updateAttention(List<DatabaseItem> items) {
        List<String> needing = items.stream().filter(i -> i.level() != DatabaseHealth.Level.OK)
                .map(DatabaseItem::name).toList();
        attentionNeeded.set(!needing.isEmpty());
        if (items.isEmpty()) {
            attention.set("");
            title.set(messages.get("app.title"));
        } else if (needing.isEmpty()) {
            attention.set(messages.get("attention.none", items.size()));
            title.set(messages.get("app.title"));
        } else {
            attention.set(messages.get("attention.some", needing.size(), items.size(), String.join(", ", needing)));
            title.set(messages.get("app.title.attention", needing.size()));
        }
    }

    /** Selects a database by name and loads its backups. */
    public void select(String name) {
        if (name == null || name.equals(selectedName.get())) {
            return;
        }
        selectedName.set(name);
        preferences.put(UiPreferences.SELECTED, name);
        reload();
    }

    /** The backup the commands act on (the table's selection), or null. */
    public void selectBackup(BackupRow row) {
        selectedBackup.set(row);
    }

    /** The change stamp of what is on disk, for the watcher; call off the FX thread. */
    public long diskStamp() {
        return service.changeStamp(known);
    }

    /** The newest good backup of the selected database, i.e. what "Restore latest good backup" restores. */
    public Optional<BackupRow> latestGood() {
        return backups.stream().filter(r -> r.record().isGood()).findFirst();
    }

    // ---- properties ------------------------------------------------------------------------

    public OperationRunner runner() {
        return runner;
    }

    public BackupService service() {
        return service;
    }

    public ObservableList<DatabaseItem> databases() {
        return databases;
    }

    public ObservableList<Banner> banners() {
        return banners;
    }

    public ObservableList<BackupRow> backups() {
        return backups;
    }

    public ReadOnlyStringProperty selectedNameProperty() {
        return selectedName.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DatabaseItem> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<BackupRow> selectedBackupProperty() {
        return selectedBackup.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Stats> statsProperty() {
        return stats.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty attentionProperty() {
        return attention.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty attentionNeededProperty() {
        return attentionNeeded.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty loadErrorProperty() {
        return loadError.getReadOnlyProperty();
    }

    /** How many scheduled databases would go without backups once the app is closed (0 with the OS timer). */
    public int unprotectedWhenClosed() {
        return unprotectedWhenClosed;
    }

    /** Which mechanism runs the scheduled backups now, for the status line and the close question. */
    public ProtectionStatus protection() {
        return protection;
    }

    public ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** True when no operation runs and no load is pending: what tests wait for. */
    public BooleanBinding idleBinding() {
        return idle;
    }
}
