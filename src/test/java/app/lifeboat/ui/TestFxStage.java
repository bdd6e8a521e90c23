package app.lifeboat.ui;

import java.util.concurrent.TimeoutException;
import org.testfx.api.FxToolkit;

/** Starts TestFX's primary stage; its own class because our JUnit extension shares TestFX's class name. */
final class TestFxStage {
    private TestFxStage() {}

    static void register() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }
}
