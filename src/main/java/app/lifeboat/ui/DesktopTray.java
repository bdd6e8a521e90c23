package app.lifeboat.ui;

/**
 * The desktop's tray (notification area) as far as Lifeboat uses it: the seam between the app and
 * the desktop shell. {@link AwtTray} is the real one; tests give their own.
 */
public interface DesktopTray {
    /** The icon's tooltip and menu; the tray runs the commands on the FX thread. */
    record Menu(String tooltip, String openText, String runDueText, String quitText, Runnable open, Runnable runDue,
            Runnable quit) {}

    /**
     * Shows the icon with its menu, or returns false when the desktop has no tray (then nothing is
     * shown). May block while the desktop toolkit starts: call it off the FX thread.
     */
    boolean show(Menu menu);

    /**
     * A message by the icon, for something that happened while the window was hidden; a problem
     * also becomes the tooltip, so it is still there after the message fades.
     */
    void notify(String title, String text, boolean problem);

    /** Removes the icon (also what lets the desktop toolkit's threads end). */
    void remove();

    /** A desktop without a tray. */
    static DesktopTray none() {
        return new DesktopTray() {
            @Override
            public boolean show(Menu menu) {
                return false;
            }

            @Override
            public void notify(String title, String text, boolean problem) {
            }

            @Override
            public void remove() {
            }
        };
    }
}
