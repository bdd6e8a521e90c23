package app.lifeboat.core.base;

/**
 * The one exception the engine throws: a code for programs, and a message a person can act on.
 *
 * <p>The message is one sentence in the form "what is wrong — what to do"; the CLI prints it as
 * {@code error: <message>} and the GUI shows it in a dialog. The cause, if any, is for logs and
 * {@code --debug} only.
 */
public class LifeboatException extends RuntimeException {
    private final ErrorCode code;

    public LifeboatException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public LifeboatException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
