package app.lifeboat.core.copy;

/**
 * What happened to one backup's copy to one destination.
 *
 * @param destination the destination's name
 * @param backupId the backup
 * @param state copied now, found already there, or queued for a retry
 * @param detail why it was queued, or empty
 * @param removed how many older copies retention removed there afterwards
 */
public record CopyOutcome(String destination, String backupId, State state, String detail, int removed) {

    /** Where the copy stands. */
    public enum State { COPIED, ALREADY_THERE, QUEUED }

    public boolean ok() {
        return state != State.QUEUED;
    }
}
