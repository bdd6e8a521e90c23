package app.lifeboat.ui.common;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The UI's text: one resource bundle, parameters through {@link MessageFormat}. Thread-safe. */
public final class Messages {
    /** The bundle's base name, also handed to {@code FXMLLoader} for {@code %key} lookups. */
    public static final String BUNDLE = "app.lifeboat.ui.i18n.messages";

    private final ResourceBundle bundle;

    public Messages(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    public static Messages load(Locale locale) {
        return new Messages(ResourceBundle.getBundle(BUNDLE, locale));
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    /** The text for {@code key}, formatted with {@code args} when there are any. */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, bundle.getLocale()).format(args);
    }
}
