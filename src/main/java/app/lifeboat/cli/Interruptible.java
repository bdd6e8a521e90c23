package app.lifeboat.cli;

import app.lifeboat.core.base.Cancellation;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Maps Ctrl-C to the engine's cancellation: the shutdown hook asks the operation to stop and waits
 * (a few seconds at most) for it to delete its temporaries before the JVM exits.
 */
final class Interruptible {
    private Interruptible() {}

    static <T> T run(Function<Cancellation, T> operation) {
        Cancellation cancel = new Cancellation();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel.cancel();
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "lifeboat-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return operation.apply(cancel);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running; it will see the latch released
            }
        }
    }
}
