package app.lifeboat.cli;

import app.lifeboat.core.copy.QuickCheck;
import app.lifeboat.core.base.Bytes;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.incremental.StoreCheck;
import app.lifeboat.core.verify.VerifyRequest;
import app.lifeboat.core.verify.VerifyOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code verify}: checks backups and records the result. */
@Command(name = "verify", description = "Verify a backup (default: the newest) or all backups of a database.")
final class VerifyCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "BACKUP-ID", arity = "0..1")
    String id;

    @Option(names = "--all", description = "Verify every backup.")
    boolean all;

    @Option(names = "--at", paramLabel = "DESTINATION",
            description = "Verify the copies at this destination (each is downloaded into the private temp folder).")
    String at;

    @Option(names = "--quick", description = "With --at: compare sizes and the server's checksums without downloading.")
    boolean quick;

    @Option(names = "--store", description = "Check the database's whole incremental store: every pack present, no version"
            + " missing data, unreferenced data reported.")
    boolean store;

    @Option(names = "--read-data-subset", paramLabel = "PERCENT",
            description = "With --store: also read and authenticate this share of the packs, chosen at random (e.g. 10%%).")
    String readSubset;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Mixin
    ReadKeysMixin keys;

    @Override
    int run() {
        if (all && id != null) {
            throw usageError("give either a BACKUP-ID or --all, not both");
        }
        if (quick) {
            return quick();
        }
        if (store || readSubset != null) {
            return store();
        }
        VerifyRequest which = all ? VerifyRequest.all() : id != null ? VerifyRequest.one(id) : VerifyRequest.latest();
        Secrets secrets = keys.secrets(databaseOrUnregistered(name, at != null));
        List<VerifyOutcome> outcomes = Interruptible.run(cancel -> at != null
                ? service().verifyAt(name, at, which, secrets, TerminalProgress.forTerminal(err()), cancel)
                : service().verify(name, which, secrets, TerminalProgress.forTerminal(err()), cancel));
        boolean ok = outcomes.stream().allMatch(o -> o.result().ok());
        if (json) {
            printJson(outcomes.stream().map(o -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", o.backup().id());
                m.put("ok", o.result().ok());
                m.put("status", o.backup().status());
                m.put("summary", o.result().summary());
                m.put("checks", o.result().checks());
                m.put("results", o.result().results());
                return m;
            }).toList());
        } else {
            for (VerifyOutcome o : outcomes) {
                out().println(o.backup().id() + ": " + (o.result().ok() ? "ok" : "FAILED") + " — " + o.result().summary());
                if (!o.result().ok()) {
                    o.result().checks().forEach(c -> out().println("    " + c));
                }
            }
        }
        if (!ok) {
            long failed = outcomes.stream().filter(o -> !o.result().ok()).count();
            err().println("error: " + failed + " of " + outcomes.size() + " backup(s) failed verification — "
                    + "do not rely on them; take a new backup with 'lifeboat backup " + name + "'");
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private int store() {
        if (!store || id != null || all) {
            throw usageError("--store checks the whole store of the database (or of its copies with --at), without a"
                    + " BACKUP-ID or --all; --read-data-subset goes with --store");
        }
        double fraction = readSubset == null ? 0 : percent(readSubset);
        Secrets secrets = keys.secrets(databaseOrUnregistered(name, at != null));
        StoreCheck c = Interruptible.run(cancel -> at != null
                ? service().verifyStoreAt(name, at, fraction, secrets, TerminalProgress.forTerminal(err()), cancel)
                : service().verifyStore(name, fraction, secrets, TerminalProgress.forTerminal(err()), cancel));
        if (json) {
            printJson(c);
        } else {
            String where = at != null ? " at " + at : "";
            out().println("incremental store of " + name + where + ": " + c.versions() + " versions, " + c.packsChecked()
                    + " packs present, " + c.packsRead() + " read in full; " + Bytes.human(c.storedBytes()) + " stored, "
                    + Bytes.human(c.unreferencedBytes()) + " unreferenced (freed by the next prune)");
            c.badPacks().forEach(p -> out().println("    damaged: " + p));
            c.brokenVersions().forEach(v -> out().println("    version " + v + " cannot be restored"));
        }
        if (!c.ok()) {
            err().println("error: " + c.badPacks().size() + " pack(s) are missing or damaged and " + c.brokenVersions().size()
                    + " backup(s) of " + name + " cannot be restored — take a new backup with 'lifeboat backup " + name
                    + "' and delete the broken ones");
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private double percent(String s) {
        try {
            double p = Double.parseDouble(s.trim().replace("%", ""));
            if (p >= 0 && p <= 100) {
                return p / 100;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usageError("--read-data-subset takes a percentage from 0 to 100, such as 10%, not '" + s + "'");
    }

    private int quick() {
        if (at == null || id != null) {
            throw usageError("--quick checks every copy at the destination named by --at, without a BACKUP-ID");
        }
        List<QuickCheck> checks = service().quickCheckAt(name, at);
        if (json) {
            printJson(checks);
        } else {
            checks.forEach(c -> out().println(c.backupId() + ": " + (c.ok() ? "ok" : "FAILED") + " — " + c.detail()));
        }
        long failed = checks.stream().filter(c -> !c.ok()).count();
        if (failed > 0) {
            err().println("error: " + failed + " of " + checks.size() + " copies at " + at
                    + " failed the quick check — run 'lifeboat verify " + name + " --all --at " + at + "' for the full check");
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
