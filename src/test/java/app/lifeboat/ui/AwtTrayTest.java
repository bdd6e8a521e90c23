package app.lifeboat.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the app starts AWT for a tray icon at all (it cannot stop it again). */
class AwtTrayTest {
    @Test
    void aBareXServerGetsNoAwtSoItBehavesAsWithoutATray() {
        assertFalse(AwtTray.worthTrying(Map.of("DISPLAY", ":99"), true), "Xvfb, the screenshot tool, CI");
        assertFalse(AwtTray.worthTrying(Map.of("XDG_CURRENT_DESKTOP", "KDE"), true), "no X display");
    }

    @Test
    void aLinuxDesktopSessionTriesAndSystemTrayDecides() {
        assertTrue(AwtTray.worthTrying(Map.of("DISPLAY", ":0", "XDG_CURRENT_DESKTOP", "XFCE"), true));
        assertTrue(AwtTray.worthTrying(Map.of("DISPLAY", ":0", "XDG_CURRENT_DESKTOP", "ubuntu:GNOME"), true));
    }

    @Test
    void windowsAndMacOsAlwaysTry() {
        assertTrue(AwtTray.worthTrying(Map.of(), false));
    }

    @Test
    void theEnvironmentVariableOverridesEitherWay() {
        assertTrue(AwtTray.worthTrying(Map.of("DISPLAY", ":99", "LIFEBOAT_TRAY", "on"), true));
        assertFalse(AwtTray.worthTrying(Map.of("LIFEBOAT_TRAY", "OFF"), false));
    }
}
