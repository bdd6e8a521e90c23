package app.lifeboat.ui.main;

import app.lifeboat.core.copy.CopyOutcome;
import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Bytes;
import app.lifeboat.core.base.DatabaseName;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.create.CreateResult;
import app.lifeboat.core.rekey.RekeyResult;
import app.lifeboat.core.restore.RestoreRequest;
import app.lifeboat.core.restore.RestoreResult;
import app.lifeboat.core.retention.PrunePlan;
import app.lifeboat.core.verify.VerifyOutcome;
import app.lifeboat.core.verify.VerifyRequest;
import app.lifeboat.platform.OsTimer;
import app.lifeboat.ui.common.EngineTask;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import app.lifeboat.ui.common.OperationRunner.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The main window's commands. Each runs the engine on the background executor through the
 * {@link OperationRunner} (progress, cancel, activity, errors) and reloads the view model when done.
 * Each returns the started task, or null when another operation is running or nothing is selected.
 */
public final class MainCommands {
    private final MainViewModel model;
    private final BackupService service;
    private final OperationRunner runner;
    private final Messages messages;

    public MainCommands(MainViewModel model, Messages messages) {
        this.model = model;
        this.service = model.service();
        this.runner = model.runner();
        this.messages = messages;
    }

    private String selected() {
        return model.selectedNameProperty().get();
    }

    private <T> EngineTask<T> run(String titleKey, EngineTask.Operation<T> op,
            Function<T, Outcome> describe) {
        String name = selected();
        if (name == null) {
            return null;
        }
        return runner.run(messages.get(titleKey, name), op, describe, model::reload);
    }

    /** Takes a backup now; an explicit click overrides the one-per-day rule. */
    public EngineTask<CreateResult.Created> backUpNow() {
        String name = selected();
        return run("op.backup", (p, c) -> service.create(name, new CreateRequest(BackupType.MANUAL, true, List.of(), null),
                Secrets.none(), p, c).created(), this::describeBackup);
    }

    /**
     * Installs and enables the OS timer (Linux: systemd user units, as {@code schedule install}
     * does), so scheduled backups go on while the app is closed.
     */
    public EngineTask<List<Path>> installTimer() {
        return runner.run(messages.get("op.installTimer"), (p, c) -> {
            List<Path> written = OsTimer.installSystemd(OsTimer.systemdUserDir(),
                    OsTimer.commandForThisApp(service.home().root(), MainCommands.class));
            OsTimer.enableSystemd();
            return written;
        }, w -> new Outcome(true, messages.get("result.installTimer.ok", OsTimer.TIMER)), () -> { });
    }

    /** The activity line of a backup, with every backup retention removed after it (never quietly). */
    private Outcome describeBackup(CreateResult.Created created) {
        BackupRecord b = created.backup();
        String text = messages.get(b.isGood() ? "result.backup.ok" : "result.backup.sourceCorrupt", b.id(),
                Bytes.human(b.storedSizeBytes()));
        List<PrunePlan.Decision> removed = created.pruned().decisions().stream().filter(d -> !d.keep()).toList();
        if (!removed.isEmpty()) {
            text += " " + messages.get("result.retention.removed", removed.size(), removed.stream()
                    .map(d -> d.backup().id() + " (" + d.reason() + ")").collect(Collectors.joining(", ")));
        }
        return new Outcome(b.isGood(), text);
    }

    public EngineTask<List<VerifyOutcome>> verify(BackupRow row) {
        String name = selected();
        return run("op.verify", (p, c) -> service.verify(name, VerifyRequest.one(row.id()), Secrets.none(), p, c), this::describeVerify);
    }

    public EngineTask<List<VerifyOutcome>> verifyAll() {
        String name = selected();
        return run("op.verifyAll", (p, c) -> service.verify(name, VerifyRequest.all(), Secrets.none(), p, c), this::describeVerify);
    }

    /** Verifies again every backup whose last verification failed (the banner's action). */
    public EngineTask<List<VerifyOutcome>> verifyFailed() {
        String name = selected();
        List<String> ids = model.backups().stream().map(BackupRow::record)
                .filter(r -> r.lastVerification() != null && !r.lastVerification().ok()).map(BackupRecord::id).toList();
        return run("op.verify", (p, c) -> {
            List<VerifyOutcome> out = new ArrayList<>();
            for (String id : ids) {
                out.addAll(service.verify(name, VerifyRequest.one(id), Secrets.none(), p, c));
            }
            return out;
        }, this::describeVerify);
    }

    private Outcome describeVerify(List<VerifyOutcome> outcomes) {
        List<VerifyOutcome> failed = outcomes.stream().filter(o -> !o.result().ok()).toList();
        if (failed.isEmpty()) {
            return new Outcome(true, outcomes.size() == 1
                    ? messages.get("result.verify.ok", outcomes.get(0).backup().id(), outcomes.get(0).result().summary())
                    : messages.get("result.verify.allOk", outcomes.size()));
        }
        VerifyOutcome first = failed.get(0);
        return new Outcome(false, messages.get("result.verify.failed", failed.size(), outcomes.size(),
                first.backup().id(), first.result().summary()));
    }

    public EngineTask<RestoreResult> restore(BackupRow row) {
        return restore(row, List.of());
    }

    /** Restores with age identity files for a backup encrypted to a public key. */
    public EngineTask<RestoreResult> restore(BackupRow row, List<Path> identities) {
        String name = selected();
        return run("op.restore", (p, c) -> service.restore(name, new RestoreRequest(row.id(), null),
                new Secrets(null, null, identities, null), p, c),
                r -> new Outcome(true, r.preRestore() != null
                        ? messages.get("result.restore.ok", r.restored().id(), r.target(), r.preRestore().id())
                        : messages.get("result.restore.okNoSafety", r.restored().id(), r.target())));
    }

    /** Restores backup {@code id} over the database from its copy at {@code destination}. */
    public EngineTask<RestoreResult> restoreFrom(String destination, String id, List<Path> identities) {
        String name = selected();
        return run("op.restoreFrom", (p, c) -> service.restoreFrom(name, destination, new RestoreRequest(id, null),
                new Secrets(null, null, identities, null), p, c),
                r -> new Outcome(true, r.preRestore() != null
                        ? messages.get("result.restoreFrom.ok", r.restored().id(), destination, r.target(), r.preRestore().id())
                        : messages.get("result.restoreFrom.okNoSafety", r.restored().id(), destination, r.target())));
    }

    public EngineTask<RestoreResult> restoreAsCopy(BackupRow row, Path to) {
        return restoreAsCopy(row, to, List.of());
    }

    public EngineTask<RestoreResult> restoreAsCopy(BackupRow row, Path to, List<Path> identities) {
        String name = selected();
        return run("op.restoreCopy", (p, c) -> service.restore(name, new RestoreRequest(row.id(), to),
                new Secrets(null, null, identities, null), p, c),
                r -> new Outcome(true, messages.get("result.restoreCopy.ok", r.restored().id(), r.target())));
    }

    public EngineTask<BackupRecord> delete(BackupRow row) {
        String name = selected();
        return run("op.delete", (p, c) -> service.delete(name, row.id()),
                r -> new Outcome(true, messages.get("result.delete.ok", r.id())));
    }

    public EngineTask<BackupRecord> setPinned(BackupRow row, boolean pinned) {
        String name = selected();
        return run(pinned ? "op.pin" : "op.unpin", (p, c) -> service.setPinned(name, row.id(), pinned),
                r -> new Outcome(true, messages.get(pinned ? "result.pin.ok" : "result.unpin.ok", r.id())));
    }

    public EngineTask<BackupRecord> setLabels(BackupRow row, List<String> tags, String description) {
        String name = selected();
        return run("op.labels", (p, c) -> service.setLabels(name, row.id(), tags, description),
                r -> new Outcome(true, messages.get("result.labels.ok", r.id())));
    }

    public EngineTask<DatabaseSettings> setEnabled(boolean enabled) {
        String name = selected();
        return run(enabled ? "op.enable" : "op.disable", (p, c) -> service.setEnabled(name, enabled),
                d -> new Outcome(true, messages.get(enabled ? "result.enable.ok" : "result.disable.ok", d.name())));
    }

    public EngineTask<DatabaseSettings> setDestination(Path folder) {
        String name = selected();
        return run("op.destination", (p, c) -> service.update(name,
                new DatabaseOptions(null, folder.toString(), null, null, null, null, null)),
                d -> new Outcome(true, messages.get("result.destination.ok", d.name(), d.destination())));
    }

    /** Sends the selected database's queued copies to their destinations now. */
    public EngineTask<List<CopyOutcome>> retryCopies() {
        String name = selected();
        return run("op.copy", (p, c) -> service.retryCopies(name, p, c), r -> {
            long failed = r.stream().filter(o -> !o.ok()).count();
            return new Outcome(failed == 0, failed == 0 ? messages.get("result.copy.ok", r.size())
                    : messages.get("result.copy.failed", failed, r.stream().filter(o -> !o.ok()).findFirst()
                            .map(CopyOutcome::detail).orElse("")));
        });
    }

    /** Replaces backups made under a previous database key with one fresh, verified backup. */
    public EngineTask<RekeyResult> rekeyBackups() {
        String name = selected();
        return run("op.rekey", (p, c) -> service.rekeyBackups(name, Secrets.none(), p, c),
                r -> new Outcome(true, messages.get("result.rekey.ok", r.fresh().id(), r.deleted().size())));
    }

    public EngineTask<DatabaseSettings> remove() {
        String name = selected();
        return run("op.remove", (p, c) -> service.remove(name),
                d -> new Outcome(true, messages.get("result.remove.ok", d.name(), d.backupFolder())));
    }

    /** Creates the sample database in the home's data folder, registers it and backs it up. */
    public EngineTask<BackupRecord> tryDemo() {
        return runner.run(messages.get("op.demo"), (p, c) -> {
            Path dir = service.home().dataDir();
            Path file = dir.resolve("recipes.db");
            for (int n = 2; Files.exists(file); n++) {
                file = dir.resolve("recipes-" + n + ".db");
            }
            service.createDemoDatabase(file);
            String name = DatabaseName.suggestFor(file);
            service.add(file, new DatabaseOptions(name, null, 10, null, null, null, null));
            c.check();
            return service.create(name, CreateRequest.manual(), Secrets.none(), p, c).created().backup();
        }, r -> {
            model.select(r.database());
            return new Outcome(true, messages.get("result.demo.ok", r.database()));
        }, model::reload);
    }
}
