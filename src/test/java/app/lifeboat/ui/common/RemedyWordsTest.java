package app.lifeboat.ui.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.time.Clock;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** The window renders the engine's remedy kinds in its own words, never in the CLI's flags. */
class RemedyWordsTest {
    @Test
    void everyRemedyHasTheWindowsWordsAndNoneNamesAFlag() {
        ResourceBundle bundle = ResourceBundle.getBundle("app.lifeboat.ui.i18n.messages", Locale.ROOT);
        OperationRunner runner = new OperationRunner(Runnable::run, Messages.load(Locale.ROOT), (t, s, d) -> { },
                Clock.systemUTC());
        for (Remedy r : Remedy.values()) {
            if (r == Remedy.NONE) {
                continue;
            }
            assertTrue(bundle.containsKey(r.key()), "no GUI words for " + r);
            String shown = runner.sentence(new LifeboatException(ErrorCode.IO_ERROR, "something failed", r, "app", "42"));
            assertTrue(shown.startsWith("Something failed — "), shown);
            assertFalse(shown.contains("--") || shown.contains("lifeboat ") || shown.contains("{"), r + ": " + shown);
        }
    }
}
