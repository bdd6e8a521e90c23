package app.lifeboat.cli;

import app.lifeboat.core.base.Bytes;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.Json;
import app.lifeboat.core.incremental.VersionSizes;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import app.lifeboat.core.health.Stats;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stats}: totals over a database's backups. */
@Command(name = "stats", description = "Show totals for a database's backups.")
final class StatsCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    boolean onlyReads() {
        return true;
    }

    @Override
    int run() {
        Stats s = service().stats(name);
        List<VersionSizes> versions = service().versionSizes(name, Cancellation.none());
        if (json) {
            Map<String, Object> m = Json.mapper().convertValue(s, new TypeReference<LinkedHashMap<String, Object>>() { });
            m.put("versions", versions);
            printJson(m);
            return ExitCodes.OK;
        }
        out().println("database:        " + s.database() + " (" + Bytes.human(s.sourceSizeBytes()) + ")");
        out().println("backups:         " + s.count() + " (" + s.goodCount() + " good)");
        out().println("stored:          " + Bytes.human(s.totalStoredBytes()) + " (original " + Bytes.human(s.totalOriginalBytes()) + ")");
        out().println("average ratio:   " + String.format(Locale.ROOT, "%.2f", s.averageRatio()));
        out().println("oldest:          " + Format.local(s.oldest()));
        out().println("newest:          " + Format.local(s.newest()));
        out().println("newest good:     " + Format.local(s.newestGood()));
        if (!versions.isEmpty()) {
            out().println("incremental store, per version: the bytes only it holds (freed by deleting it) / all it uses");
            for (VersionSizes v : versions) {
                out().printf("  %-22s  %10s / %s%n", v.versionId(), Bytes.human(v.uniqueBytes()), Bytes.human(v.totalBytes()));
            }
        }
        return ExitCodes.OK;
    }
}
