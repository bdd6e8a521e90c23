package app.lifeboat.core.catalog;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one verification: when, whether it passed, and each check as data ({@code results}:
 * check, outcome, detail) and as the line people read ({@code checks}, which every version of
 * Lifeboat writes and reads). A sidecar written before {@code results} existed gets them from its lines.
 *
 * @param deep false when only the checksum could be checked (e.g. the key was not available)
 */
public record VerificationResult(Instant at, boolean ok, boolean deep, String summary, List<String> checks,
        List<CheckResult> results) {
    public VerificationResult {
        checks = checks == null ? List.of() : List.copyOf(checks);
        results = results == null || results.isEmpty() ? checks.stream().map(CheckResult::fromLine).toList()
                : List.copyOf(results);
    }

    /** A result from the lines the verifier writes; the structured results are read from them. */
    public VerificationResult(Instant at, boolean ok, boolean deep, String summary, List<String> checks) {
        this(at, ok, deep, summary, checks, null);
    }
}
