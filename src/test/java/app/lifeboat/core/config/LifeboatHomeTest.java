package app.lifeboat.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifeboatHomeTest {
    private static final Path USER_HOME = Path.of("/home/ada");

    private static Path resolve(Path explicit, Map<String, String> env, String os) {
        return LifeboatHome.resolve(explicit, env, os, USER_HOME).root();
    }

    @Test
    void explicitHomeWinsOverEnvironment() {
        assertEquals(Path.of("/opt/lb"), resolve(Path.of("/opt/lb"), Map.of("LIFEBOAT_HOME", "/env/lb"), "Linux"));
    }

    @Test
    void explicitRelativeHomeIsMadeAbsolute() {
        assertEquals(Path.of("rel/x").toAbsolutePath(), resolve(Path.of("rel/./x"), Map.of(), "Linux"));
    }

    @Test
    void environmentVariableIsUsedWithoutExplicitHome() {
        assertEquals(Path.of("/env/lb"), resolve(null, Map.of("LIFEBOAT_HOME", "/env/lb", "XDG_CONFIG_HOME", "/xdg"), "Linux"));
        assertEquals(Path.of("/env/lb"), resolve(null, Map.of("LIFEBOAT_HOME", "/env/lb"), "Windows 11"));
    }

    @Test
    void blankEnvironmentVariableIsIgnored() {
        assertEquals(Path.of("/home/ada/.config/lifeboat"), resolve(null, Map.of("LIFEBOAT_HOME", "  "), "Linux"));
    }

    @Test
    void linuxUsesXdgConfigHome() {
        assertEquals(Path.of("/xdg/lifeboat"), resolve(null, Map.of("XDG_CONFIG_HOME", "/xdg"), "Linux"));
    }

    @Test
    void linuxFallsBackToDotConfigWhenXdgIsUnsetOrBlank() {
        assertEquals(Path.of("/home/ada/.config/lifeboat"), resolve(null, Map.of(), "Linux"));
        assertEquals(Path.of("/home/ada/.config/lifeboat"), resolve(null, Map.of("XDG_CONFIG_HOME", ""), "Linux"));
    }

    @Test
    void windowsUsesAppData() {
        assertEquals(Path.of("/c/Users/ada/AppData/Roaming/Lifeboat"),
                resolve(null, Map.of("APPDATA", "/c/Users/ada/AppData/Roaming", "XDG_CONFIG_HOME", "/xdg"), "Windows 10"));
    }

    @Test
    void windowsWithoutAppDataUsesRoamingUnderUserHome() {
        assertEquals(Path.of("/home/ada/AppData/Roaming/Lifeboat"), resolve(null, Map.of(), "Windows Server 2022"));
    }

    @Test
    void macOsUsesApplicationSupport() {
        assertEquals(Path.of("/home/ada/Library/Application Support/Lifeboat"),
                resolve(null, Map.of("XDG_CONFIG_HOME", "/xdg"), "Mac OS X"));
    }

    @Test
    void foldersInsideTheHomeAreFixed() {
        LifeboatHome h = new LifeboatHome(Path.of("/lb"));
        assertEquals(Path.of("/lb/settings.json"), h.settingsFile());
        assertEquals(Path.of("/lb/backups"), h.defaultDestination());
        assertEquals(Path.of("/lb/locks"), h.locksDir());
    }
}
