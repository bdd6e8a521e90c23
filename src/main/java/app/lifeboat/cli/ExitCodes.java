package app.lifeboat.cli;

/** The CLI's exit codes, in one place. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The operation failed, a verification failed, or {@code status} found a warning. */
    public static final int FAILED = 1;
    /** Bad usage: unknown option, missing argument. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
