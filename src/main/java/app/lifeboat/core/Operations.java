package app.lifeboat.core;

import app.lifeboat.core.config.KeyResolver;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.copy.CopyOperation;
import app.lifeboat.core.create.BackupCreator;
import app.lifeboat.core.create.ConvertOperation;
import app.lifeboat.core.create.CreateOperation;
import app.lifeboat.core.create.IncrementalCreator;
import app.lifeboat.core.due.RunDueOperation;
import app.lifeboat.core.health.HealthOperation;
import app.lifeboat.core.inspect.InspectOperation;
import app.lifeboat.core.prune.EditOperation;
import app.lifeboat.core.prune.PruneOperation;
import app.lifeboat.core.rekey.RekeyOperation;
import app.lifeboat.core.restore.RestoreOperation;
import app.lifeboat.core.restore.Restorer;
import app.lifeboat.core.verify.Verifier;
import app.lifeboat.core.verify.VerifyOperation;
import app.lifeboat.core.workspace.Workspaces;
import app.lifeboat.core.keyring.SystemKeyring;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine's operations, wired once for one home: the facade's only collaborators. */
record Operations(Workspaces workspaces, ExecutorService checks, CreateOperation create, CopyOperation copy,
        VerifyOperation verify,
        RestoreOperation restore, RekeyOperation rekey, PruneOperation prune, EditOperation edit,
        HealthOperation health, RunDueOperation runDue, InspectOperation inspect, ConvertOperation convert) {

    static Operations wire(LifeboatHome home, Clock clock, Map<String, String> env, SystemKeyring keyring) {
        Workspaces workspaces = new Workspaces(home, new KeyResolver(env), clock, keyring);
        ExecutorService checks = checkThreads();
        PruneOperation prune = new PruneOperation();
        CopyOperation copy = new CopyOperation();
        CreateOperation create = new CreateOperation(new BackupCreator(checks, clock),
                new IncrementalCreator(checks, clock), prune, copy);
        VerifyOperation verify = new VerifyOperation(new Verifier(checks, clock));
        return new Operations(workspaces, checks, create, copy, verify,
                new RestoreOperation(new Restorer(checks), verify, create), new RekeyOperation(create, verify),
                prune, new EditOperation(workspaces.registry()), new HealthOperation(),
                new RunDueOperation(workspaces, create, verify, copy), new InspectOperation(), new ConvertOperation(verify));
    }

    /** Two threads: the machines we target have two cores, and checks pair one SQLite scan with one hashing pass. */
    private static ExecutorService checkThreads() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "lifeboat-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
