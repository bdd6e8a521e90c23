package app.lifeboat.cli;

import app.lifeboat.core.retention.PrunePlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prune}: applies retention, or shows what it would do. */
@Command(name = "prune", description = "Apply retention: delete backups the policy no longer keeps.")
final class PruneCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--dry-run", description = "Only show what would be kept or deleted, and why.")
    boolean dryRun;

    @Override
    int run() {
        PrunePlan plan = service().prune(name, dryRun);
        for (PrunePlan.Decision d : plan.decisions()) {
            out().printf("%-6s  %-22s  %s%n", d.keep() ? "keep" : (dryRun ? "delete" : "deleted"), d.backup().id(), d.reason());
        }
        for (String f : plan.leftovers()) {
            out().printf("%-6s  %-22s  %s%n", dryRun ? "delete" : "deleted", f, "left behind by an interrupted run");
        }
        if (plan.decisions().isEmpty() && plan.leftovers().isEmpty()) {
            out().println("no backups of " + name);
        }
        return ExitCodes.OK;
    }
}
