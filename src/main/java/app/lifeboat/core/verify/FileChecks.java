package app.lifeboat.core.verify;

import app.lifeboat.core.Cancellation;
import app.lifeboat.core.ErrorCode;
import app.lifeboat.core.LifeboatException;
import app.lifeboat.core.ProgressListener;
import app.lifeboat.core.ProgressListener.Phase;
import app.lifeboat.core.io.Sha256;
import app.lifeboat.core.sqlite.DatabaseFacts;
import app.lifeboat.core.sqlite.ContentHash;
import app.lifeboat.core.sqlite.DatabaseKey;
import app.lifeboat.core.sqlite.Inspector;
import app.lifeboat.core.sqlite.Sqlite;
import app.lifeboat.core.sqlite.SqliteErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Runs the checks of a closed database file side by side: SQLite's integrity check on one core,
 * and the file's SHA-256 followed by the logical content hash on the other. Integrity checking
 * dominates, so a full verify costs about as much as the integrity check alone.
 */
public final class FileChecks {
    /** Page cache for the integrity check: large enough to matter, small enough to keep RSS flat. */
    static final int CHECK_CACHE_KIB = 65_536;

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
     * database encrypted with {@code key} (null: plain); with {@code live} true the file is opened as a normal database, honouring locks and any -wal
     * content, as needed for a restored target that other programs may already use.
     */
    public static Report run(Path file, DatabaseKey key, boolean live, boolean full, boolean hash, Executor executor,
            ProgressListener progress, Cancellation cancel) {
        return run(file, key, live, full, hash, ContentHash.CURRENT, executor, progress, cancel);
    }

    /**
     * The general form. The two threads are balanced: a quick check is light, so the SHA-256 pass
     * goes with it; a full integrity check is the heaviest job, so hashing goes with the content
     * scan. {@code contentHash} selects the scheme of the logical content hash ({@code NONE}: row
     * counts only).
     */
    public static Report run(Path file, DatabaseKey key, boolean live, boolean full, boolean hash,
            ContentHash contentHash, Executor executor, ProgressListener progress, Cancellation cancel) {
        boolean hashWithIntegrity = hash && !full;
        CompletableFuture<Integrity> integrity = CompletableFuture.supplyAsync(() -> {
            try (Connection c = open(file, key, live)) {
                Sqlite.exec(c, "PRAGMA cache_size = -" + CHECK_CACHE_KIB);
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
                    List<String> fk = full ? Sqlite.rows(c, "SELECT \"table\" || ' row ' || coalesce(rowid, '?') "
                            + "|| ' -> ' || parent FROM pragma_foreign_key_check LIMIT 100") : List.of();
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
            Throwable cause = e.getCause();
            if (cause instanceof LifeboatException le) {
                throw le;
            }
            if (cause instanceof SQLException se) {
                throw SqliteErrors.translate(se, file, "check");
            }
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot read " + file + " — check the disk and permissions", cause);
        }
    }
}
