package app.lifeboat.bench;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.crypto.AgeKeys;
import app.lifeboat.core.incremental.IncrementalStore;
import app.lifeboat.core.incremental.PruneResult;
import app.lifeboat.core.incremental.StoreAccess;
import app.lifeboat.core.incremental.StoreVersion;
import app.lifeboat.core.incremental.VersionSizes;
import app.lifeboat.core.incremental.WriteResult;
import app.lifeboat.core.io.LocalFolderDestination;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures the incremental store over simulated days (bench/incremental.sh runs it): a copy of a
 * database from bench/make-db.py, then per day bench/apply-change.py and one version; prints a
 * TSV line per day and a summary. A measurement, not a test: nothing fails on a number.
 *
 * <p>Arguments: PRISTINE_DB WORK_DIR DAYS FRACTION [age recipient].
 */
public final class IncrementalBench {
    private IncrementalBench() {}

    public static void main(String[] args) throws Exception {
        Path pristine = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int days = Integer.parseInt(args[2]);
        String fraction = args[3];
        Path db = work.resolve("src.db");
        Files.createDirectories(work);
        Files.copy(pristine, db, StandardCopyOption.REPLACE_EXISTING);
        StoreAccess access = StoreAccess.plain();
        if (args.length > 4) {
            access = StoreAccess.encrypted(AgeKeys.writers(List.of(args[4]), null), args[4]);
        }
        IncrementalStore store = IncrementalStore.open(new LocalFolderDestination(work.resolve("store")), work.resolve("cache"),
                access, true);
        System.out.println("day\tdb_bytes\tnew_bytes\tnew_frames\tstore_bytes\ttree_pack_bytes\twrite_seconds");
        double totalWrite = 0;
        for (int day = 0; day <= days; day++) {
            if (day > 0) {
                run(List.of("python3", "bench/apply-change.py", db.toString(), "--fraction", fraction));
            }
            long t0 = System.nanoTime();
            WriteResult r = store.write(db, 0, "bench", ProgressListener.NONE, Cancellation.none());
            double s = (System.nanoTime() - t0) / 1e9;
            if (day > 0) {
                totalWrite += s;
            }
            System.out.printf(Locale.ROOT, "%d\t%d\t%d\t%d\t%d\t%d\t%.2f%n", day, Files.size(db), r.newBytes(), r.newFrames(),
                    treeSize(work.resolve("store"), false), treeSize(work.resolve("store"), true), s);
        }
        System.out.printf(Locale.ROOT, "mean write after a change day: %.2f s%n", totalWrite / days);
        List<StoreVersion> versions = store.versions();
        long t0 = System.nanoTime();
        Path out = work.resolve("restored.db");
        Files.deleteIfExists(out);
        if (args.length <= 4) {
            store.restore(versions.get(0).id(), out, ProgressListener.NONE, Cancellation.none());
            System.out.printf(Locale.ROOT, "restore of the oldest version: %.2f s%n", (System.nanoTime() - t0) / 1e9);
            Files.delete(out);
        }
        List<VersionSizes> sizes = store.sizes(Cancellation.none());
        System.out.println("sizes (unique/total) of first, middle, last: " + sizes.get(0) + " " + sizes.get(sizes.size() / 2) + " "
                + sizes.get(sizes.size() - 1));
        store.deleteVersions(List.of(versions.get(1).id()));
        t0 = System.nanoTime();
        PruneResult p = store.prune(ProgressListener.NONE, Cancellation.none());
        System.out.printf(Locale.ROOT, "prune of one daily version: %.2f s, %s%n", (System.nanoTime() - t0) / 1e9, p);
        System.out.println("store bytes after prune: " + treeSize(work.resolve("store"), false));
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException(cmd + " failed");
        }
    }

    /** Bytes of every file in the store, or only of tree packs (kind byte 1 at offset 8). */
    private static long treeSize(Path store, boolean treePacksOnly) throws IOException {
        long n = 0;
        try (Stream<Path> s = Files.walk(store)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (!treePacksOnly) {
                    n += Files.size(p);
                } else if (p.getParent().getFileName().toString().equals("data")) {
                    try (InputStream in = Files.newInputStream(p)) {
                        byte[] head = in.readNBytes(9);
                        if (head.length == 9 && head[8] == 1) {
                            n += Files.size(p);
                        }
                    }
                }
            }
        }
        return n;
    }
}
