package app.lifeboat.core.base;

import java.util.List;

/**
 * The one exception the engine throws: a code for programs, the problem in words, and a remedy
 * kind with its arguments that the CLI renders as flags and the GUI as a sentence and a button.
 *
 * <p>{@link #getMessage()} is one sentence, "what is wrong — what to do", with the remedy's plain
 * sentence. The cause, if any, is for logs and {@code --debug} only.
 */
public class LifeboatException extends RuntimeException {
    private final ErrorCode code;
    private final String problem;
    private final Remedy remedy;
    private final List<String> remedyArgs;

    /** A failure whose message already says what to do, or needs no remedy. */
    public LifeboatException(ErrorCode code, String message) {
        this(code, message, (Throwable) null);
    }

    public LifeboatException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.problem = message;
        this.remedy = Remedy.NONE;
        this.remedyArgs = List.of();
    }

    /** @param args the remedy's arguments, as {@link Remedy} documents for each kind */
    public LifeboatException(ErrorCode code, String problem, Remedy remedy, String... args) {
        this(code, problem, null, remedy, args);
    }

    public LifeboatException(ErrorCode code, String problem, Throwable cause, Remedy remedy, String... args) {
        super(remedy == Remedy.NONE ? problem : problem + " — " + remedy.sentence((Object[]) args), cause);
        this.code = code;
        this.problem = problem;
        this.remedy = remedy;
        this.remedyArgs = List.of(args);
    }

    public ErrorCode code() {
        return code;
    }

    /** What is wrong, without the remedy. */
    public String problem() {
        return problem;
    }

    public Remedy remedy() {
        return remedy;
    }

    public List<String> remedyArgs() {
        return remedyArgs;
    }
}
