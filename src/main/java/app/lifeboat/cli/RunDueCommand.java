package app.lifeboat.cli;

import app.lifeboat.core.due.DueOutcome;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run-due}: runs every due scheduled backup and re-verification, then exits. */
@Command(name = "run-due", description = "Run every due scheduled backup and re-verification, then exit"
        + " (0 all good, 1 any failed). For the OS timer ('schedule install') and cron.")
final class RunDueCommand extends BaseCommand {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    int run() {
        List<DueOutcome> outcomes = Interruptible.run(cancel ->
                service().runDue(TerminalProgress.forTerminal(err()), cancel));
        if (json) {
            printJson(outcomes);
        } else if (outcomes.isEmpty()) {
            out().println("nothing is due");
        } else {
            for (DueOutcome o : outcomes) {
                out().println(o.database() + ": " + o.action() + " " + (o.ok() ? "ok" : "FAILED")
                        + (o.backupId() != null ? " (" + o.backupId() + ")" : "")
                        + (o.ok() && "ok".equals(o.message()) ? "" : " — " + o.message()));
            }
        }
        boolean ok = outcomes.stream().allMatch(DueOutcome::ok);
        if (!ok && !json) {
            err().println("error: " + outcomes.stream().filter(o -> !o.ok()).count()
                    + " scheduled operation(s) failed — see 'lifeboat status' for what to do");
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
