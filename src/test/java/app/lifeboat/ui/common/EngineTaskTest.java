package app.lifeboat.ui.common;

import static app.lifeboat.ui.FxToolkit.onFx;
import static app.lifeboat.ui.FxToolkit.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.lifeboat.core.base.ProgressListener.Phase;
import app.lifeboat.ui.FxToolkit;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The progress line of an engine task, with a clock the test moves (no waiting on real time). */
@ExtendWith(FxToolkit.class)
class EngineTaskTest {
    private static final long MIB = 1024 * 1024;
    private static final long SECOND = 1_000_000_000L;

    private String lastMessage(Phase phase, long done, long total, long afterNanos) throws Exception {
        AtomicLong clock = new AtomicLong();
        EngineTask<Void> task = new EngineTask<>("Copy app", Messages.load(Locale.ROOT), (p, c) -> {
            p.progress(phase, 0, total);
            clock.addAndGet(afterNanos);
            p.progress(phase, done, total);
            return null;
        }, clock::get);
        task.run();
        waitUntil(task::isDone, 10);
        return onFx(task::getMessage);
    }

    @Test
    void anUploadSaysItsRateAndTimeLeft() throws Exception {
        assertEquals("Copy app — Copying: 20 MiB of 100 MiB, 10 MiB/s, 8 s left",
                lastMessage(Phase.UPLOAD, 20 * MIB, 100 * MIB, 2 * SECOND));
    }

    @Test
    void aLongUploadCountsMinutes() throws Exception {
        assertEquals("Copy app — Copying: 1.0 MiB of 1.0 GiB, 512 KiB/s, 34 min 6 s left",
                lastMessage(Phase.UPLOAD, MIB, 1024 * MIB, 2 * SECOND));
    }

    @Test
    void otherPhasesAndTheFirstSecondShowBytesOnly() throws Exception {
        assertEquals("Copy app — Saving: 20 MiB of 100 MiB",
                lastMessage(Phase.WRITE, 20 * MIB, 100 * MIB, 2 * SECOND));
        assertEquals("Copy app — Copying: 20 MiB of 100 MiB", lastMessage(Phase.UPLOAD, 20 * MIB, 100 * MIB, SECOND / 2));
    }
}
