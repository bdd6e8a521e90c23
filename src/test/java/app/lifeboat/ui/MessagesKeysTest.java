package app.lifeboat.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.health.DatabaseHealth;
import app.lifeboat.ui.common.ActivityEntry;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.UiPreferences;
import app.lifeboat.ui.main.Banner;
import app.lifeboat.ui.main.ClosePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every i18n key the UI uses exists in the bundle: string literals that look like keys in the UI's
 * Java code, {@code %key} in FXML, and the keys built from enum values.
 */
class MessagesKeysTest {
    private static final Pattern JAVA_KEY = Pattern.compile("\"([a-z][a-zA-Z]*(?:\\.[a-zA-Z][a-zA-Z-]*)+)\"");
    private static final Pattern FXML_KEY = Pattern.compile("\"%([a-zA-Z.]+)\"");
    /** Literals in the UI code that look like keys but are not. */
    private static final Set<String> NOT_KEYS = Set.of(UiPreferences.THEME, UiPreferences.WINDOW,
            UiPreferences.SELECTED, UiPreferences.ON_CLOSE, "recipes.db");

    private final ResourceBundle bundle = ResourceBundle.getBundle(Messages.BUNDLE, Locale.ROOT);

    @Test
    void everyKeyUsedInCodeAndFxmlExists() throws IOException {
        Set<String> used = new TreeSet<>();
        scan(Path.of("src/main/java/app/lifeboat/ui"), ".java", JAVA_KEY, used);
        scan(FxmlLoadTest.RESOURCES, ".fxml", FXML_KEY, used);
        used.removeAll(NOT_KEYS);
        for (ProgressListener.Phase p : ProgressListener.Phase.values()) {
            used.add("phase." + p.name().toLowerCase(Locale.ROOT));
        }
        for (BackupStatus s : BackupStatus.values()) {
            used.add("status." + s.label());
        }
        for (BackupType t : BackupType.values()) {
            used.add("type." + t.label());
        }
        for (DatabaseHealth.Level l : DatabaseHealth.Level.values()) {
            used.add("health." + l.label());
        }
        for (Banner.Action a : Banner.Action.values()) {
            used.add(a.key());
        }
        for (ActivityEntry.Outcome o : ActivityEntry.Outcome.values()) {
            used.add("activity.outcome." + o.name().toLowerCase(Locale.ROOT));
        }
        for (ClosePolicy.Mechanism m : ClosePolicy.Mechanism.values()) {
            used.add(m.key());
        }
        List<String> missing = new ArrayList<>(used.stream().filter(k -> !bundle.containsKey(k)).toList());
        assertEquals(List.of(), missing);
    }

    private static void scan(Path root, String suffix, Pattern pattern, Set<String> into) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(suffix)).toList()) {
                Matcher m = pattern.matcher(Files.readString(f));
                while (m.find()) {
                    into.add(m.group(1));
                }
            }
        }
    }
}
