package app.lifeboat.core.catalog;

import app.lifeboat.core.base.Json;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.io.Destination;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The backups of one database, rebuilt every time by reading the sidecars in its destination.
 * There is no index to go stale: a destination copied to another machine lists the same.
 */
public final class Catalog {
    private final Destination destination;

    public Catalog(Destination destination) {
        this.destination = destination;
    }

    public Destination destination() {
        return destination;
    }

    /** Every readable backup (newest first) and a problem for each unreadable sidecar. */
    public Listing scan() {
        List<BackupRecord> records = new ArrayList<>();
        List<CatalogProblem> problems = new ArrayList<>();
        List<String> names;
        try {
            names = destination.list();
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.DESTINATION_UNAVAILABLE, "cannot list backups in "
                    + destination.describe() + " — check that the destination is mounted and readable", e);
        }
        for (String name : names) {
            if (!name.endsWith(".json")) {
                continue;
            }
            try (InputStream in = destination.open(name)) {
                BackupRecord r = Json.mapper().readValue(in, BackupRecord.class);
                if (r.id() == null || r.file() == null || r.createdAt() == null || r.status() == null) {
                    problems.add(new CatalogProblem(name, "required fields (id, file, createdAt, status) are missing"));
                } else if (!name.equals(r.sidecarName())) {
                    problems.add(new CatalogProblem(name, "its id '" + r.id() + "' does not match its file name"));
                } else {
                    records.add(r);
                }
            } catch (IOException | RuntimeException e) {
                problems.add(new CatalogProblem(name, "not valid backup metadata (" + firstLine(e.getMessage()) + ")"));
            }
        }
        records.sort(Comparator.comparing(BackupRecord::createdAt).thenComparing(BackupRecord::id).reversed());
        return new Listing(List.copyOf(records), List.copyOf(problems));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Writes (or replaces) a backup's sidecar atomically. */
    public void save(BackupRecord record) {
        try {
            destination.writeAtomically(record.sidecarName(), Json.mapper().writeValueAsBytes(record));
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot write the metadata of backup " + record.id()
                    + " to " + destination.describe() + " — check free space and permissions", e);
        }
    }

    /**
     * Deletes a backup: the sidecar first, so a crash half-way leaves an unlisted orphan (cleaned up
     * later) rather than a listed backup whose file is gone.
     */
    public void delete(BackupRecord record) {
        try {
            destination.delete(record.sidecarName());
            for (StoredFile f : record.storedFiles()) {
                destination.delete(f.name());
            }
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot delete backup " + record.id() + " in "
                    + destination.describe() + " — check permissions", e);
        }
    }

    /** Names Lifeboat gives stored files: {@code <id>.db}, then {@code .zst}/{@code .gz}, then {@code .age}. */
    private static final java.util.regex.Pattern STORED_NAME =
            java.util.regex.Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-z]+\\.db(\\.zst|\\.gz)?(\\.age)?");

    /**
     * Stored files that no sidecar refers to (left by a crash between file and sidecar). Only
     * names Lifeboat itself writes count: anything else a person put in the folder is never
     * touched, and a stored file whose sidecar is unreadable is kept so the sidecar can be repaired.
     */
    public List<String> orphans(Listing listing) {
        java.util.Set<String> referenced = new java.util.HashSet<>();
        for (BackupRecord r : listing.records()) {
            r.storedFiles().forEach(f -> referenced.add(f.name()));
        }
        listing.problems().forEach(p -> referenced.add(stem(p.name())));
        List<String> orphans = new ArrayList<>();
        try {
            for (String n : destination.list()) {
                if (STORED_NAME.matcher(n).matches() && !referenced.contains(n) && !referenced.contains(stem(n))) {
                    orphans.add(n);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return orphans;
    }

    private static String stem(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** A scan's result. */
    public record Listing(List<BackupRecord> records, List<CatalogProblem> problems) {
        public Optional<BackupRecord> find(String id) {
            return records.stream().filter(r -> r.id().equals(id)).findFirst();
        }

        /** The newest real backup (not a pre-restore safety copy) with status ok or verified. */
        public Optional<BackupRecord> latestGood() {
            return records.stream().filter(r -> r.isGood() && !r.type().isSafetyCopy()).findFirst();
        }

        public Optional<BackupRecord> latest() {
            return records.stream().findFirst();
        }
    }
}
