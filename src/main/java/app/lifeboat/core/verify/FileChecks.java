package app.lifeboat.core.verify;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.ProgressListener.Phase;
import app.lifeboat.core.io.Sha256;
import app.lifeboat.core.sqlite.ContentHash;
import app.lifeboat.core.sqlite.DatabaseFacts;
import app.lifeboat.core.sqlite.DatabaseKey;
import app.lifeboat.core.sqlite.Inspector;
import app.lifeboat.core.sqlite.Sqlite;
import app.lifeboat.core.sqlite.SqliteErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the checks of a closed database file on both cores. A quick check runs beside the file's
 * SHA-256, the schema and the row counts. A full check is split into pieces that two workers take
 * biggest first: {@code quick_check} of the whole file (b-tree structure, page accounting, free
 * list, NOT NULL and CHECK constraints) and {@code integrity_check(T)} per table (the table and
 * its indexes' content against it), which together cover what one {@code integrity_check} does,
 * plus the facts, foreign keys and hashes.
 */
public final class FileChecks {
    /** Page cache for the integrity check: large enough to matter, small enough to keep RSS flat. */
    static final int CHECK_CACHE_KIB = 65_536;
    /**
     * Page cache for a quick check alone: it reads each page about once, so a big cache only costs.
     * Measured on the 1 GiB bench database with sqlite3: 64 MiB took 0.96 s of user time and 72 MB
     * of memory, 8 MiB 0.67 s and 13 MB, 2 MB 0.6 s and 6 MB.
     */
    static final int QUICK_CACHE_KIB = 8_192;

    /** Up to this size the checks run on one connection and thread (see runInline). */
    static final long SMALL_FILE_BYTES = 8L << 20;

    private static final String FOREIGN_KEY_CHECK = "SELECT \"table\" || ' row ' || coalesce(rowid, '?') "
            + "|| ' -> ' || parent FROM pragma_foreign_key_check LIMIT 100";

    private FileChecks() {}

    /** What the checks found; {@code sha256} is null when hashing was not asked for. */
    public record Report(List<String> integrityRows, boolean fullIntegrityCheck, DatabaseFacts facts,
            String sha256, List<String> foreignKeyProblems) {
        public boolean integrityOk() {
            return Sqlite.checkPassed(integrityRows);
        }
    }

    private static Connection open(Path file, DatabaseKey key, boolean live) throws SQLException {
        return live ? Sqlite.openReadOnly(file, key, 30_000) : Sqlite.openImmutable(file, key);
    }

    private record Integrity(List<String> rows, String sha256) {}

    private record Rest(String sha256, DatabaseFacts facts, List<String> foreignKeyProblems) {}

    /**
     * Checks {@code file}. {@code full} selects {@code integrity_check} over {@code quick_check};
     * {@code hash} adds the SHA-256 of the bytes.
     */
    public static Report run(Path file, boolean full, boolean hash, Executor executor, ProgressListener progress,
            Cancellation cancel) {
        return run(file, null, false, full, hash, executor, progress, cancel);
    }

    /**
     * Like {@link #run(Path, boolean, boolean, Executor, ProgressListener, Cancellation)} for a
     * database encrypted with {@code key} (null: plain); with {@code live} true the file is opened as a normal database,
             honouring locks and any -wal
     * content, as needed for a restored target that other programs may already use.
     */
    public static Report run(Path file, DatabaseKey key, boolean live, boolean full, boolean hash, Executor executor,
            ProgressListener progress, Cancellation cancel) {
        return run(file, key, live, full, hash, ContentHash.NONE, executor, progress, cancel);
    }

    /**
     * The general form. The two threads are balanced: a quick check is light, so the SHA-256 pass
     * goes with it; a full integrity check is the heaviest job, so hashing goes with the content
     * scan. {@code contentHash} selects the scheme of the logical content hash ({@code NONE}: row
     * counts only).
     */
    public static Report run(Path file, DatabaseKey key, boolean live, boolean full, boolean hash,
            ContentHash contentHash, Executor executor, ProgressListener progress, Cancellation cancel) {
        return run(file, key, live, full, hash, contentHash, executor, progress, cancel, SMALL_FILE_BYTES);
    }

    /** The general form, with the size up to which the checks run on one connection and thread. */
    static Report run(Path file, DatabaseKey key, boolean live, boolean full, boolean hash, ContentHash contentHash,
            Executor executor, ProgressListener progress, Cancellation cancel, long inlineUpTo) {
        if (full) {
            return runSplit(file, key, live, hash, contentHash, executor, progress, cancel, inlineUpTo);
        }
        if (isSmall(file, inlineUpTo)) {
            try (Connection c = open(file, key, live)) {
                Sqlite.exec(c, "PRAGMA cache_size = -" + QUICK_CACHE_KIB);
                List<String> rows = Sqlite.rows(c, "PRAGMA quick_check(100)");
                String sha = hash ? Sha256.of(file, progress, Phase.HASH, cancel) : null;
                return new Report(rows, false, Inspector.facts(c, contentHash), sha, List.of());
            } catch (SQLException e) {
                throw SqliteErrors.translate(e, file, "check");
            } catch (IOException e) {
                throw failure(new CompletionException(e), file);
            }
        }
        boolean hashWithIntegrity = hash && !full;
        CompletableFuture<Integrity> integrity = CompletableFuture.supplyAsync(() -> {
            try (Connection c = open(file, key, live)) {
                Sqlite.exec(c, "PRAGMA cache_size = -" + QUICK_CACHE_KIB);
                List<String> rows = Sqlite.rows(c, full ? "PRAGMA integrity_check(100)" : "PRAGMA quick_check(100)");
                String sha = hashWithIntegrity ? Sha256.of(file, progress, Phase.HASH, cancel) : null;
                return new Integrity(rows, sha);
            } catch (SQLException e) {
                throw new CompletionException(e);
            } catch (IOException e) {
                throw new CompletionException(new UncheckedIOException(e));
            }
        }, executor);
        CompletableFuture<Rest> rest = CompletableFuture.supplyAsync(() -> {
            try {
                String sha = hash && !hashWithIntegrity ? Sha256.of(file, progress, Phase.HASH, cancel) : null;
                try (Connection c = open(file, key, live)) {
                    DatabaseFacts facts = Inspector.facts(c, contentHash);
                    cancel.check();
                    List<String> fk = full ? Sqlite.rows(c, FOREIGN_KEY_CHECK) : List.of();
                    return new Rest(sha, facts, fk);
                }
            } catch (IOException e) {
                throw new CompletionException(new UncheckedIOException(e));
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, executor);
        try {
            Integrity i = integrity.join();
            Rest r = rest.join();
            return new Report(i.rows(), full, r.facts(), hashWithIntegrity ? i.sha256() : r.sha256(),
                    r.foreignKeyProblems());
        } catch (CompletionException e) {
            integrity.cancel(true);
            rest.cancel(true);
            throw failure(e, file);
        }
    }

    /**
     * The checks of a fresh backup run on the connection that pins its source: {@code quick_check},
     * then schema and row counts, in that connection's transaction, so they describe exactly the
     * state being copied.
     */
    public static Report quickOn(Connection c, Path source) {
        try {
            Sqlite.exec(c, "PRAGMA cache_size = -" + QUICK_CACHE_KIB);
            List<String> rows = Sqlite.rows(c, "PRAGMA quick_check(100)");
            return new Report(rows, false, Inspector.facts(c, ContentHash.NONE), null, List.of());
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, source, "check");
        }
    }

    /** One piece of a split full check, run on a worker's own connection. */
    private interface Piece {
        void run(Connection c) throws SQLException, IOException;
    }

    private record Weighted(long weight, String name, Piece piece) {}

    private static Report runSplit(Path file, DatabaseKey key, boolean live, boolean hash, ContentHash contentHash,
            Executor executor, ProgressListener progress, Cancellation cancel, long inlineUpTo) {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Rest> rest = new AtomicReference<>();
        try {
            List<Weighted> pieces = new ArrayList<>();
            long totalRows = 0;
            boolean small = isSmall(file, inlineUpTo);
            try (Connection c = open(file, key, live)) {
                for (String table : tablesToCheck(c)) {
                    String q = Sqlite.quoteIdentifier(table);
                    long rows = Sqlite.longValue(c, "SELECT count(*) FROM " + q);
                    long indexes = Sqlite.longValue(c, "SELECT count(*) FROM pragma_index_list("
                            + literal(table) + ")");
                    totalRows += rows;
                    pieces.add(new Weighted(rows * (1 + indexes) + 1, "integrity_check(" + table + ")",
                            conn -> problems.addAll(notOk(Sqlite.rows(conn, "PRAGMA integrity_check(" + literal(table) + ")")))));
                }
                pieces.add(new Weighted(totalRows / 2 + 1, "quick_check",
                        conn -> problems.addAll(notOk(Sqlite.rows(conn, "PRAGMA quick_check(100)")))));
                long factsWeight = totalRows / 5 + (hash ? totalRows : 0) + (contentHash == ContentHash.NONE ? 0 : 3 * totalRows);
                pieces.add(new Weighted(factsWeight, "facts", conn -> {
                    String sha = hash ? Sha256.of(file, progress, Phase.HASH, cancel) : null;
                    rest.set(new Rest(sha, Inspector.facts(conn, contentHash), Sqlite.rows(conn, FOREIGN_KEY_CHECK)));
                }));
                pieces.sort(Comparator.comparingLong(Weighted::weight).reversed());
                if (small) {
                    runInline(c, pieces, cancel);
                }
            }
            if (!small) {
                runOnTwoWorkers(file, key, live, pieces, executor, cancel);
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, file, "check");
        } catch (IOException e) {
            throw failure(new CompletionException(e), file);
        } catch (CompletionException e) {
            throw failure(e, file);
        }
        List<String> rows = problems.isEmpty() ? List.of("ok") : List.copyOf(problems.subList(0, Math.min(100, problems.size())));
        Rest r = rest.get();
        return new Report(rows, true, r.facts(), r.sha256(), r.foreignKeyProblems());
    }

    /**
     * A small file is checked piece after piece on the connection that planned the pieces, on the
     * calling thread: for a few MiB, opening two more connections (with key derivation for an encrypted file) and handing
     * work to two threads cost more than the checks themselves.
     */
    private static void runInline(Connection c, List<Weighted> pieces, Cancellation cancel) throws SQLException, IOException {
        Sqlite.exec(c, "PRAGMA cache_size = -" + CHECK_CACHE_KIB);
        for (Weighted w : pieces) {
            cancel.check();
            w.piece().run(c);
        }
    }

    /** A bigger file: two workers, each with its own connection, take the heaviest piece left. */
    private static void runOnTwoWorkers(Path file, DatabaseKey key, boolean live, List<Weighted> pieces, Executor executor,
            Cancellation cancel) {
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            workers.add(CompletableFuture.runAsync(() -> {
                try (Connection c = open(file, key, live)) {
                    Sqlite.exec(c, "PRAGMA cache_size = -" + CHECK_CACHE_KIB / 2);
                    int i;
                    while (!stop.get() && (i = next.getAndIncrement()) < pieces.size()) {
                        cancel.check();
                        pieces.get(i).piece().run(c);
                    }
                } catch (SQLException e) {
                    throw new CompletionException(e);
                } catch (IOException e) {
                    throw new CompletionException(new UncheckedIOException(e));
                }
            }, executor));
        }
        try {
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            stop.set(true); // the other worker stops after its current piece
            workers.forEach(f -> f.exceptionally(x -> null).join());
            throw e;
        }
    }

    /** True for a file small enough to check on one connection and thread; false when its size cannot be read. */
    private static boolean isSmall(Path file, long inlineUpTo) {
        try {
            return Files.size(file) <= inlineUpTo;
        } catch (IOException e) {
            return false; // the checks themselves report the unreadable file
        }
    }

    /** What a failed check worker means for the user: its own error, SQLite's, or a read failure. */
    private static LifeboatException failure(CompletionException e, Path file) {
        Throwable cause = e.getCause();
        if (cause instanceof LifeboatException le) {
            return le;
        }
        if (cause instanceof SQLException se) {
            return SqliteErrors.translate(se, file, "check");
        }
        return new LifeboatException(ErrorCode.IO_ERROR, "cannot read " + file + " — check the disk and permissions", cause);
    }

    private static List<String> notOk(List<String> rows) {
        return Sqlite.checkPassed(rows) ? List.of() : rows;
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Every table with rows of its own, shadow tables (full-text indexes) included. */
    private static List<String> tablesToCheck(Connection c) throws SQLException {
        return Sqlite.rows(c, "SELECT name FROM pragma_table_list WHERE schema = 'main' "
                + "AND type IN ('table', 'shadow') AND name NOT IN ('sqlite_schema', 'sqlite_master') ORDER BY name");
    }
}
