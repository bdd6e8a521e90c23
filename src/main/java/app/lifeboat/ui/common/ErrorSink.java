package app.lifeboat.ui.common;

import app.lifeboat.core.base.Remedy;
import java.util.List;

/** Where failed operations are shown to the user: one sentence, with the detail on request. */
@FunctionalInterface
public interface ErrorSink {
    void show(String title, String sentence, String details);

    /**
     * Shows a failure whose engine error names a remedy kind, so that the sink can offer the button
     * that does it (as banners do for warnings); sinks without buttons show the sentence alone.
     */
    default void show(String title, String sentence, String details, Remedy remedy, List<String> remedyArgs) {
        show(title, sentence, details);
    }
}
