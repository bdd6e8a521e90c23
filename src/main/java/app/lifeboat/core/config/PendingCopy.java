package app.lifeboat.core.config;

import java.time.Duration;
import java.time.Instant;

/**
 * A copy of one backup to one destination that could not be made yet, retried with backoff.
 *
 * @param backupId the backup to copy
 * @param destination the destination's name
 * @param since when the first attempt failed
 * @param attempts how many attempts failed
 * @param nextAttempt when {@code run-due} tries again
 * @param lastError the last failure, in one sentence
 */
public record PendingCopy(String backupId, String destination, Instant since, int attempts, Instant nextAttempt,
        String lastError) {

    /** After this long, a pending copy is a failing one: the user must look. */
    public static final Duration FAILING_AFTER = Duration.ofDays(1);

    /** The first failure of a copy. */
    public static PendingCopy failed(String backupId, String destination, Instant now, String error) {
        return new PendingCopy(backupId, destination, now, 1, now.plus(backoff(1)), error);
    }

    /** This copy after another failed attempt. */
    public PendingCopy failedAgain(Instant now, String error) {
        return new PendingCopy(backupId, destination, since, attempts + 1, now.plus(backoff(attempts + 1)), error);
    }

    public boolean due(Instant now) {
        return !now.isBefore(nextAttempt);
    }

    public boolean failing(Instant now) {
        return Duration.between(since, now).compareTo(FAILING_AFTER) >= 0;
    }

    /**
     * 1, 2, 4, 8, then 15 minutes: never longer than the OS timer's period, so the first run-due
     * after a server comes back sends the copy, while the app's more frequent checks do not hammer
     * a server that is down.
     */
    static Duration backoff(int attempts) {
        long minutes = 1L << Math.min(attempts - 1, 4);
        return Duration.ofMinutes(Math.min(minutes, 15));
    }
}
