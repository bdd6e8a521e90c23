package app.lifeboat.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the JavaFX toolkit once (headless under Monocle in the build) for tests without a robot. */
public final class FxToolkit implements BeforeAllCallback {
    private static boolean started;

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (!started) {
            // Start it the way TestFX does, so robot tests later in the same JVM find it as they expect.
            try {
                TestFxStage.register();
            } catch (TimeoutException e) {
                throw new IllegalStateException("the JavaFX toolkit did not start", e);
            }
            started = true;
        }
    }

    /** Runs {@code work} on the FX thread and returns its result. */
    public static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    /** Waits (polling, no fixed sleep) until {@code condition}, evaluated on the FX thread, holds. */
    public static void waitUntil(Callable<Boolean> condition, long timeoutSeconds) throws Exception {
        WaitForAsyncUtils.waitFor(timeoutSeconds, TimeUnit.SECONDS, () -> onFx(condition));
    }
}
