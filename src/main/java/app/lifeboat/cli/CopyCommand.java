package app.lifeboat.cli;

import app.lifeboat.core.copy.CopyOutcome;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code copy}: sends a database's queued copies now, or copies an existing backup to a destination. */
@Command(name = "copy", description = "Send the copies that wait for their destination now; or, with a BACKUP-ID or --to,"
        + " copy an existing backup (default: the newest good one) to a destination.")
final class CopyCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "BACKUP-ID", arity = "0..1")
    String id;

    @Option(names = "--to", paramLabel = "DESTINATION",
            description = "Copy to this destination (by default: every destination NAME copies to).")
    String to;

    @Override
    int run() {
        boolean now = id != null || to != null;
        List<CopyOutcome> outcomes = Interruptible.run(cancel -> now
                ? service().copyNow(name, id, to, TerminalProgress.forTerminal(err()), cancel)
                : service().retryCopies(name, TerminalProgress.forTerminal(err()), cancel));
        if (outcomes.isEmpty()) {
            out().println(now ? name + " copies to no destination; name one with --to"
                    : "no copies of " + name + " are waiting");
            return ExitCodes.OK;
        }
        print(name, outcomes, out(), err());
        return outcomes.stream().allMatch(CopyOutcome::ok) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** One line per copy: sent, already there, or queued with the reason. */
    static void print(String name, List<CopyOutcome> outcomes, PrintWriter out, PrintWriter err) {
        for (CopyOutcome c : outcomes) {
            String removed = c.removed() > 0 ? "; retention there removed " + c.removed() + " older copies" : "";
            switch (c.state()) {
                case COPIED -> out.println("copied " + c.backupId() + " to " + c.destination() + removed);
                case ALREADY_THERE -> out.println(c.backupId() + " is already at " + c.destination() + removed);
                case QUEUED -> err.println("warning: the copy of " + c.backupId() + " to " + c.destination()
                        + " failed and will be retried: " + c.detail() + " (or run 'lifeboat copy " + name + "' to retry now)");
            }
        }
    }
}
