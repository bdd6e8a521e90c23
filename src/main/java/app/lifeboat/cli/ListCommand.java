package app.lifeboat.cli;

import app.lifeboat.core.base.Json;
import app.lifeboat.core.base.Bytes;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.catalog.CatalogProblem;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code list}: the backups of one database, newest first. */
@Command(name = "list", description = "List the backups of a database, newest first.")
final class ListCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--at", paramLabel = "DESTINATION", description = "List the copies at this destination instead.")
    String at;

    @Option(names = "--json", description = "Print a JSON array of the metadata, with each file's path.")
    boolean json;

    @Override
    boolean onlyReads() {
        return true;
    }

    @Override
    int run() {
        Catalog.Listing listing = at != null ? service().listAt(name, at) : service().list(name);
        if (json) {
            ArrayNode arr = Json.mapper().createArrayNode();
            for (BackupRecord r : listing.records()) {
                ObjectNode n = Json.mapper().valueToTree(r);
                n.put("path", r.isIncremental()
                        ? listing.locationElsewhere(r.sidecarName()).map(l -> Path.of(l).resolveSibling(BackupRecord.INCREMENTAL)
                                .toString()).orElseGet(() -> service().locationOf(name, BackupRecord.INCREMENTAL))
                        : listing.locationElsewhere(r.file()).orElseGet(() -> service().locationOf(name, r.file())));
                arr.add(n);
            }
            printJson(arr);
        } else {
            if (listing.records().isEmpty()) {
                out().println("no backups of " + name + " yet — run 'lifeboat backup " + name + "'");
            } else {
                out().printf("%-22s  %-16s  %-13s  %-14s  %10s  %-16s  %s%n", "ID", "CREATED", "TYPE", "STATUS",
                        "SIZE", "VERIFIED", "NOTES");
                for (BackupRecord r : listing.records()) {
                    String notes = (r.isIncremental() ? "incremental " : "") + (r.pinned() ? "pinned " : "") + String.join(",", r.tags())
                            + (r.description() != null ? " " + r.description() : "")
                            + (at != null ? "" : listing.locationElsewhere(r.sidecarName()).map(l -> " (at the former destination "
                                    + Path.of(l).getParent() + ")").orElse(""));
                    out().printf("%-22s  %-16s  %-13s  %-14s  %10s  %-16s  %s%n", r.id(), Format.local(r.createdAt()),
                            r.type().label(), r.status().label(), Bytes.human(r.storedSizeBytes()),
                            Format.local(r.verifiedAt()), notes.trim());
                }
            }
        }
        for (CatalogProblem p : listing.problems()) {
            err().println("warning: " + listing.locationElsewhere(p.name()).orElseGet(() -> service().locationOf(name, p.name()))
                    + " is " + p.message()
                    + (p.name().endsWith(".json") ? " — that backup is not listed; repair or remove the file" : ""));
        }
        return ExitCodes.OK;
    }
}
