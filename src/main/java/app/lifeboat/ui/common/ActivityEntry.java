package app.lifeboat.ui.common;

import java.time.Instant;

/**
 * One finished operation in the activity panel.
 *
 * @param message one sentence (for errors, the engine's own "what is wrong — what to do")
 * @param details technical detail for "Show details", or null
 */
public record ActivityEntry(Instant at, String title, Outcome outcome, String message, String details) {
    /** How an operation ended. */
    public enum Outcome {
        OK, FAILED, CANCELLED, BUSY
    }
}
