package app.lifeboat.ui.database;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.config.CopyTarget;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.KeepRules;
import app.lifeboat.core.config.PendingCopy;
import app.lifeboat.ui.common.Messages;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The database form's "Copies" section: the destinations each backup is copied to, each with its
 * own keep rules (or the database's) and its state from the retry queue (waiting since, next try,
 * last failure). Changes are applied by the form's Save, after the database's own settings.
 */
public final class CopiesViewModel {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /**
     * One copy destination as the list shows it.
     *
     * @param rules its retention in words
     * @param state what waits for it, in words ("nothing waiting" when its copies are made)
     */
    public record CopyRow(CopyTarget target, String rules, String state) {
        public String destination() {
            return target.destination();
        }
    }

    /** What the background load found. */
    private record Loaded(List<String> destinations, List<PendingCopy> pending, Instant now) {}

    private final BackupService service;
    private final Executor executor;
    private final Messages messages;
    private final ObservableList<CopyRow> copies = FXCollections.observableArrayList();
    private final ObservableList<String> available = FXCollections.observableArrayList();
    private final StringProperty chosen = new SimpleStringProperty(this, "chosen");
    private final ObjectProperty<Integer> keepLast = new SimpleObjectProperty<>(this, "keepLast", 0);
    private final ObjectProperty<Integer> keepDaily = new SimpleObjectProperty<>(this, "keepDaily", 0);
    private final ObjectProperty<Integer> keepWeekly = new SimpleObjectProperty<>(this, "keepWeekly", 0);
    private final ObjectProperty<Integer> keepMonthly = new SimpleObjectProperty<>(this, "keepMonthly", 0);
    private final ObjectProperty<Integer> maxCount = new SimpleObjectProperty<>(this, "maxCount", 0);
    private List<CopyTarget> original = List.of();
    private List<String> destinations = List.of();
    private List<PendingCopy> pending = List.of();
    private Instant now = Instant.EPOCH;

    CopiesViewModel(BackupService service, Executor executor, Messages messages) {
        this.service = service;
        this.executor = executor;
        this.messages = messages;
    }

    /** Reads the destinations and {@code database}'s queued copies (none when it is being added) in the background. */
    Task<?> load(String database, List<CopyTarget> current) {
        original = List.copyOf(current);
        copies.setAll(current.stream().map(t -> new CopyRow(t, rules(t), "")).toList());
        Task<Loaded> task = new Task<>() {
            @Override
            protected Loaded call() {
                return new Loaded(service.destinations().stream().map(DestinationSettings::name).toList(),
                        database == null ? List.of() : service.pendingCopies(database), service.clock().instant());
            }
        };
        task.setOnSucceeded(e -> {
            destinations = task.getValue().destinations();
            pending = task.getValue().pending();
            now = task.getValue().now();
            copies.setAll(copies.stream().map(r -> row(r.target())).toList());
            refreshAvailable();
        });
        executor.execute(task);
        return task;
    }

    private CopyRow row(CopyTarget t) {
        return new CopyRow(t, rules(t), state(t.destination()));
    }

    private String rules(CopyTarget t) {
        if (t.keep() == null && t.maxCount() == null) {
            return messages.get("form.copies.rules.own");
        }
        String keep = t.keep() == null ? "" : t.keep().describe();
        return t.maxCount() == null ? keep : messages.get("form.copies.rules.max", keep, t.maxCount());
    }

    private String state(String destination) {
        List<PendingCopy> waiting = pending.stream().filter(p -> p.destination().equals(destination)).toList();
        if (waiting.isEmpty()) {
            return messages.get("form.copies.state.ok");
        }
        PendingCopy oldest = waiting.stream().min(Comparator.comparing(PendingCopy::since)).orElseThrow();
        PendingCopy next = waiting.stream().min(Comparator.comparing(PendingCopy::nextAttempt)).orElseThrow();
        PendingCopy last = waiting.stream().max(Comparator.comparing(PendingCopy::attempts)).orElseThrow();
        return messages.get(oldest.failing(now) ? "form.copies.state.failing" : "form.copies.state.pending",
                waiting.size(), local(oldest.since()), local(next.nextAttempt()), last.lastError());
    }

    private static String local(Instant at) {
        return LOCAL.format(at.atZone(ZoneId.systemDefault()));
    }

    private void refreshAvailable() {
        List<String> used = copies.stream().map(CopyRow::destination).toList();
        available.setAll(destinations.stream().filter(d -> !used.contains(d)).toList());
        if (chosen.get() == null || !available.contains(chosen.get())) {
            chosen.set(available.isEmpty() ? null : available.get(0));
        }
    }

    /** Adds the chosen destination with the keep rules typed (all 0: the database's own rules). */
    public void add() {
        String d = chosen.get();
        if (d == null || copies.stream().anyMatch(r -> r.destination().equals(d))) {
            return;
        }
        boolean own = n(keepLast) + n(keepDaily) + n(keepWeekly) + n(keepMonthly) > 0;
        KeepRules keep = own ? new KeepRules(n(keepLast), 0, n(keepDaily), n(keepWeekly), n(keepMonthly), 0) : null;
        copies.add(row(new CopyTarget(d, keep, n(maxCount) > 0 ? n(maxCount) : null)));
        refreshAvailable();
    }

    private static int n(ObjectProperty<Integer> p) {
        return p.get() == null ? 0 : p.get();
    }

    /** Stops copying to the row's destination (on Save); the copies there stay, its queued copies are dropped. */
    public void remove(CopyRow row) {
        copies.remove(row);
        refreshAvailable();
    }

    /** What Save must change, taken on the FX thread: the engine calls then run in the background. */
    Runnable changes(String database) {
        List<CopyTarget> wanted = copies.stream().map(CopyRow::target).toList();
        List<CopyTarget> before = original;
        return () -> {
            for (CopyTarget t : before) {
                if (wanted.stream().noneMatch(w -> w.destination().equals(t.destination()))) {
                    service.stopCopyingTo(database, t.destination());
                }
            }
            for (CopyTarget t : wanted) {
                if (before.stream().noneMatch(b -> Objects.equals(b, t))) {
                    service.copyTo(database, t);
                }
            }
        };
    }

    /** Whether Save would change the copy destinations at all. */
    boolean changed() {
        return !copies.stream().map(CopyRow::target).toList().equals(original);
    }

    public ObservableList<CopyRow> copies() {
        return copies;
    }

    /** The registered destinations not copied to yet. */
    public ObservableList<String> available() {
        return available;
    }

    public StringProperty chosenProperty() {
        return chosen;
    }

    public ObjectProperty<Integer> keepLastProperty() {
        return keepLast;
    }

    public ObjectProperty<Integer> keepDailyProperty() {
        return keepDaily;
    }

    public ObjectProperty<Integer> keepWeeklyProperty() {
        return keepWeekly;
    }

    public ObjectProperty<Integer> keepMonthlyProperty() {
        return keepMonthly;
    }

    public ObjectProperty<Integer> maxCountProperty() {
        return maxCount;
    }
}
