package app.lifeboat.ui.common;

import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.BackupService;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The window's own preferences (theme, window bounds, selected database), kept in the home's
 * {@code settings.json} next to the CLI's settings so that one home is one complete state. Reads
 * come from a copy taken at start; writes go to disk on the background executor.
 */
public final class UiPreferences {
    public static final String THEME = "ui.theme";
    public static final String WINDOW = "ui.window";
    public static final String SELECTED = "ui.selectedDatabase";
    /** What closing the window does where there is a tray: ask, background or quit. */
    public static final String ON_CLOSE = "ui.onClose";

    private static final System.Logger LOG = System.getLogger(UiPreferences.class.getName());

    private final BackupService service;
    private final ExecutorService executor;
    private final Map<String, String> values = new ConcurrentHashMap<>();

    public UiPreferences(BackupService service, ExecutorService executor) {
        this.service = service;
        this.executor = executor;
    }

    /** Reads the saved values; call once, off the FX thread. */
    public UiPreferences load() {
        try {
            values.putAll(service.preferences());
        } catch (LifeboatException e) {
            LOG.log(System.Logger.Level.WARNING, "preferences not read: " + e.getMessage());
        }
        return this;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean darkTheme() {
        return "dark".equals(values.get(THEME));
    }

    /** Remembers {@code value} and saves it in the background; the returned future is for shutdown. */
    public Future<?> put(String key, String value) {
        if (value == null ? values.remove(key) == null : value.equals(values.put(key, value))) {
            return CompletableFuture.completedFuture(null);
        }
        return executor.submit(() -> {
            try {
                service.setPreference(key, value);
            } catch (LifeboatException e) {
                LOG.log(System.Logger.Level.WARNING, "preference " + key + " not saved: " + e.getMessage());
            }
        });
    }
}
