package app.lifeboat.ui.common;

/** Where failed operations are shown to the user: one sentence, with the detail on request. */
@FunctionalInterface
public interface ErrorSink {
    void show(String title, String sentence, String details);
}
