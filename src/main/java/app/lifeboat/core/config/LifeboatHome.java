package app.lifeboat.core.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The folder that holds settings, locks and (by default) backups. Chosen from {@code --home},
 * then {@code LIFEBOAT_HOME}, then the platform's usual place for application data.
 */
public record LifeboatHome(Path root) {
    public LifeboatHome {
        root = root.toAbsolutePath().normalize();
    }

    /** Resolves the home from an explicit option (may be null), the environment and the OS. */
    public static LifeboatHome resolve(Path explicit, Map<String, String> env, String osName, Path userHome) {
        if (explicit != null) {
            return new LifeboatHome(explicit);
        }
        String fromEnv = env.get("LIFEBOAT_HOME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new LifeboatHome(Path.of(fromEnv));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = env.get("APPDATA");
            Path base = appData != null ? Path.of(appData) : userHome.resolve("AppData").resolve("Roaming");
            return new LifeboatHome(base.resolve("Lifeboat"));
        }
        if (os.contains("mac")) {
            return new LifeboatHome(userHome.resolve("Library").resolve("Application Support").resolve("Lifeboat"));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".config");
        return new LifeboatHome(base.resolve("lifeboat"));
    }

    /** The home for this process, from the real environment. */
    public static LifeboatHome resolve(Path explicit) {
        return resolve(explicit, System.getenv(), System.getProperty("os.name"), Path.of(System.getProperty("user.home")));
    }

    public Path settingsFile() {
        return root.resolve("settings.json");
    }

    public Path locksDir() {
        return root.resolve("locks");
    }

    /** Where backups go when a database is added without {@code --dest}. */
    public Path defaultDestination() {
        return root.resolve("backups");
    }

    /** Scratch space (e.g. demo databases). */
    public Path dataDir() {
        return root.resolve("data");
    }
}
