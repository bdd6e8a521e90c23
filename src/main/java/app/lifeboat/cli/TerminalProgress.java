package app.lifeboat.cli;

import app.lifeboat.core.base.Bytes;
import app.lifeboat.core.base.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Shows progress on one rewritten stderr line, at most five times a second, only on a terminal. */
final class TerminalProgress implements ProgressListener {
    private final PrintWriter err;
    private long lastMillis;
    private boolean printed;

    private TerminalProgress(PrintWriter err) {
        this.err = err;
    }

    /** A listener that draws on a terminal, or does nothing when stderr is redirected. */
    static ProgressListener forTerminal(PrintWriter err) {
        return System.console() != null ? new TerminalProgress(err) : ProgressListener.NONE;
    }

    @Override
    public synchronized void progress(Phase phase, long done, long total) {
        long now = System.currentTimeMillis();
        if (phase == Phase.DONE) {
            clear();
            return;
        }
        if (now - lastMillis < 200) {
            return;
        }
        lastMillis = now;
        String what = phase.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        String amount = total > 1 ? String.format(Locale.ROOT, "%3d%% (%s of %s)", done * 100 / total,
                Bytes.human(done), Bytes.human(total)) : "";
        err.print("\r\033[K" + what + " " + amount);
        err.flush();
        printed = true;
    }

    synchronized void clear() {
        if (printed) {
            err.print("\r\033[K");
            err.flush();
            printed = false;
        }
    }
}
