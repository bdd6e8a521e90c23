package app.lifeboat.core.catalog;

import app.lifeboat.core.base.Json;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.incremental.IncrementalStore;
import app.lifeboat.core.io.Destination;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The backups of one database, rebuilt every time by reading the sidecars in its destination.
 * There is no index to go stale: a destination copied to another machine lists the same.
 *
 * <p>Sidecars are untrusted input: a sidecar whose {@code file} is not exactly the name Lifeboat
 * gives that backup's stored file is reported as a problem, so nothing reads, restores from or
 * deletes a file that an edited sidecar names (another backup's file, {@code ../../x}, an
 * absolute path).
 */
public final class Catalog {
    /** Names Lifeboat gives stored files: {@code <id>.db}, then {@code .zst}/{@code .gz}, then {@code .age}. */
    private static final Pattern STORED_NAME = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-z]+\\.db(\\.zst|\\.gz)?(\\.age)?");

    /** Sidecars are a few KiB; a bigger one is not Lifeboat's and is not read into memory. */
    static final long MAX_SIDECAR_BYTES = 4L << 20;

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
            try {
                String problem = problemOf(name);
                if (problem == null) {
                    records.add(read(name));
                } else {
                    problems.add(new CatalogProblem(name, problem));
                }
            } catch (UntrustedSidecar e) {
                problems.add(new CatalogProblem(name, e.getMessage()));
            } catch (IOException | RuntimeException e) {
                problems.add(new CatalogProblem(name, "not valid backup metadata (" + firstLine(e.getMessage()) + ")"));
            }
        }
        records.sort(Comparator.comparing(BackupRecord::createdAt).thenComparing(BackupRecord::id).reversed());
        return new Listing(List.copyOf(records), List.copyOf(problems));
    }

    /** A cheap look before reading: a sidecar far bigger than any Lifeboat writes is not parsed. */
    private String problemOf(String name) throws IOException {
        long size = destination.sizeBytes(name);
        return size > MAX_SIDECAR_BYTES ? "too large to be backup metadata (" + size + " bytes)" : null;
    }

    private BackupRecord read(String name) throws IOException, UntrustedSidecar {
        BackupRecord r;
        try (InputStream in = destination.open(name)) {
            r = Json.mapper().readValue(in, BackupRecord.class);
        }
        if (r.id() == null || r.createdAt() == null || r.status() == null) {
            throw new UntrustedSidecar("required fields (id, createdAt, status) are missing");
        }
        if (!name.equals(r.sidecarName())) {
            throw new UntrustedSidecar("its id '" + r.id() + "' does not match its file name");
        }
        if (r.formatVersion() > BackupRecord.NEWEST_FORMAT_VERSION) {
            throw new UntrustedSidecar("written by a newer version of the app (backup format " + r.formatVersion()
                    + "); install the newer version to use this backup");
        }
        if (r.storage() != null) {
            return checkedVersion(r);
        }
        if (r.file() == null) {
            throw new UntrustedSidecar("required field file is missing");
        }
        String expected = r.format().fileName(r.id());
        if (!Destination.isPlainName(r.file())) {
            throw new UntrustedSidecar("untrusted: it names " + Destination.quoteName(r.file())
                    + " as its stored file, which is not a plain file name inside the backup folder");
        }
        if (!r.file().equals(expected) || !STORED_NAME.matcher(r.file()).matches()) {
            throw new UntrustedSidecar("untrusted: it names " + Destination.quoteName(r.file()) + " as its stored file, but "
                    + (STORED_NAME.matcher(expected).matches() ? "this backup's file would be " + Destination.quoteName(expected)
                            : "that is not a name Lifeboat gives stored files"));
        }
        return r;
    }

    /** An incremental record names a version, never a file: anything else in it is not trusted. */
    private static BackupRecord checkedVersion(BackupRecord r) throws UntrustedSidecar {
        if (!r.isIncremental()) {
            throw new UntrustedSidecar("its storage " + Destination.quoteName(r.storage()) + " is not one this version knows; "
                    + "install the newer version that wrote it");
        }
        if (r.file() != null || !r.id().equals(r.versionId()) || !IncrementalStore.isVersionId(r.versionId())) {
            throw new UntrustedSidecar("untrusted: an incremental backup must name itself as its version and no file");
        }
        int needed = BackupRecord.isRecipientsStoreFolder(r.store()) ? BackupRecord.RECIPIENTS_STORE_FORMAT_VERSION
                : BackupRecord.STORE_FORMAT_VERSION;
        if (r.store() != null && (!BackupRecord.isStoreFolder(r.store()) || r.formatVersion() < needed)) {
            throw new UntrustedSidecar("untrusted: it names " + Destination.quoteName(r.store()) + " as its store, which is not"
                    + " a store folder Lifeboat makes");
        }
        return r;
    }

    /** A sidecar that parsed but cannot be trusted; its message is the reason. */
    private static final class UntrustedSidecar extends Exception {
        UntrustedSidecar(String message) {
            super(message);
        }
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

    /**
     * Stored files that no sidecar refers to (left by a crash between file and sidecar). Only
     * names Lifeboat itself writes count: anything else a person put in the folder is never
     * touched, and a stored file whose sidecar is unreadable is kept so the sidecar can be repaired.
     */
    public List<String> orphans(Listing listing) {
        Set<String> referenced = new HashSet<>();
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

    /**
     * A scan's result.
     *
     * @param locations where objects live that are not at the database's destination (a former
     *     destination), by object name; empty for a single destination's scan
     */
    public record Listing(List<BackupRecord> records, List<CatalogProblem> problems, Map<String, String> locations) {
        public Listing {
            records = List.copyOf(records);
            problems = List.copyOf(problems);
            locations = Map.copyOf(locations);
        }

        public Listing(List<BackupRecord> records, List<CatalogProblem> problems) {
            this(records, problems, Map.of());
        }

        /** Where {@code name} lives when it is not at the destination, or empty. */
        public Optional<String> locationElsewhere(String name) {
            return Optional.ofNullable(locations.get(name));
        }

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
