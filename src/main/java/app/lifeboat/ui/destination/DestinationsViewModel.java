package app.lifeboat.ui.destination;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.destination.DestinationCheck;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The Destinations window's state and commands: the registered destinations with the databases
 * that copy to each, a connection test whose steps are shown one per line, editing and removal. Every
 * engine call runs on the executor; results and the engine's refusals are applied on the FX
 * thread. Use from the FX thread.
 */
public final class DestinationsViewModel {
    private final BackupService service;
    private final Executor executor;
    private final Messages messages;
    private final OperationRunner runner;
    private final ObservableList<DestinationRow> destinations = FXCollections.observableArrayList();
    private final ObservableList<DestinationCheck.Step> steps = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper testSummary = new ReadOnlyStringWrapper(this, "testSummary", "");
    private final ReadOnlyBooleanWrapper testOk = new ReadOnlyBooleanWrapper(this, "testOk");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper hostKeyToConfirm = new ReadOnlyStringWrapper(this, "hostKeyToConfirm");
    private String testedName;

    /** @param runner records what was added and removed in the main window's activity list */
    public DestinationsViewModel(BackupService service, Executor executor, Messages messages, OperationRunner runner) {
        this.service = service;
        this.executor = executor;
        this.messages = messages;
        this.runner = runner;
    }

    /** Reads the destinations and which databases copy to each, in the background. */
    public Task<List<DestinationRow>> reload() {
        return start(() -> {
            List<DatabaseSettings> dbs = service.databases();
            return service.destinations().stream().map(d -> new DestinationRow(d, dbs.stream()
                    .filter(db -> db.copyTo().stream().anyMatch(c -> c.destination().equals(d.name())))
                    .map(DatabaseSettings::name).toList())).toList();
        }, destinations::setAll);
    }

    /** Runs the engine's connection test and shows each step; a failed step is a result, not an error. */
    public Task<DestinationCheck.Result> test(String name) {
        steps.clear();
        hostKeyToConfirm.set(null);
        testedName = name;
        testSummary.set(messages.get("destinations.testing", name));
        return start(() -> service.testDestination(name), r -> {
            steps.setAll(r.steps());
            hostKeyToConfirm.set(r.steps().stream().map(DestinationCheck.Step::hostKeyToConfirm)
                    .filter(Objects::nonNull).findFirst().orElse(null));
            testOk.set(r.ok());
            testSummary.set(messages.get(r.ok() ? "destinations.test.ok" : "destinations.test.failed", r.destination(),
                    r.location()));
        });
    }

    /**
     * Trusts the host key the last test found unknown (the person compared its fingerprint with the
     * server owner's and said yes), then tests again.
     */
    public Task<DestinationSettings> acceptHostKey() {
        String name = testedName;
        String fingerprint = hostKeyToConfirm.get();
        return start(() -> service.acceptHostKey(name, fingerprint), d -> {
            runner.note(messages.get("op.acceptHostKey", name), messages.get("result.acceptHostKey.ok", fingerprint, name));
            test(name);
        });
    }

    /** The fingerprint of an unknown SSH host key the last test met, or null. */
    public ReadOnlyStringProperty hostKeyToConfirmProperty() {
        return hostKeyToConfirm.getReadOnlyProperty();
    }

    /** Forgets a destination (the caller asked first); the engine refuses while a database copies there. */
    public Task<DestinationSettings> remove(String name) {
        return start(() -> service.removeDestination(name), d -> {
            runner.note(messages.get("op.destinationRemove", d.name()), messages.get("result.destinationRemove.ok",
                    d.name(), d.url()));
            steps.clear();
            testSummary.set("");
            reload();
        });
    }

    /** A form for a new destination; once saved, the list is read again. */
    public DestinationFormViewModel newForm() {
        DestinationFormViewModel form = new DestinationFormViewModel(service, executor, messages, runner, d -> {
            runner.note(messages.get("op.destinationAdd", d.name()), messages.get("result.destinationAdd.ok", d.name(),
                    d.kind().label(), d.url()));
            reload();
        });
        form.probeKeyring();
        return form;
    }

    /** A form filled with {@code d}'s settings; once saved, the change is noted and the list is read again. */
    public DestinationFormViewModel editForm(DestinationSettings d) {
        DestinationFormViewModel form = new DestinationFormViewModel(service, executor, messages, runner, saved -> {
            runner.note(messages.get("op.destinationEdit", saved.name()), messages.get("result.destinationEdit.ok",
                    saved.name(), saved.kind().label(), saved.url()));
            steps.clear();
            testSummary.set("");
            reload();
        });
        form.edit(d);
        form.probeKeyring();
        return form;
    }

    private <T> Task<T> start(Callable<T> work, Consumer<T> done) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        busy.set(true);
        error.set("");
        task.setOnSucceeded(e -> {
            busy.set(false);
            done.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            busy.set(false);
            testSummary.set("");
            error.set(runner.sentence(task.getException()));
        });
        executor.execute(task);
        return task;
    }

    public ObservableList<DestinationRow> destinations() {
        return destinations;
    }

    /** The last test's steps, in the order they ran. */
    public ObservableList<DestinationCheck.Step> steps() {
        return steps;
    }

    /** "nas (/mnt/nas/backups) works", or why not; empty before a test. */
    public ReadOnlyStringProperty testSummaryProperty() {
        return testSummary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty testOkProperty() {
        return testOk.getReadOnlyProperty();
    }

    /** The engine's sentence when it refused the last command (e.g. removing a destination in use). */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
