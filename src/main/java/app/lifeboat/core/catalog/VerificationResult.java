package app.lifeboat.core.catalog;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one verification: when, whether it passed, and one line per check (for example
 * {@code "sha256: ok"} or {@code "integrity_check: page 12 ..."}).
 *
 * @param deep false when only the checksum could be checked (e.g. the key was not available)
 */
public record VerificationResult(Instant at, boolean ok, boolean deep, String summary, List<String> checks) {
    public VerificationResult {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }
}
