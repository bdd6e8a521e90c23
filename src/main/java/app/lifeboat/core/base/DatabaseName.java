package app.lifeboat.core.base;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** Rules for database names, which become folder names inside the destination. */
public final class DatabaseName {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Device names Windows refuses as file or folder names, with or without an extension. */
    private static final Pattern RESERVED = Pattern.compile("(con|prn|aux|nul|com\\d|lpt\\d)(\\..*)?");

    private DatabaseName() {}

    /** Fails with a clear message unless {@code name} is safe as a folder name on every platform. */
    public static String require(String name) {
        if (name == null || !VALID.matcher(name).matches() || name.contains("..")
                || RESERVED.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "'" + name + "' is not a valid name — use "
                    + "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (no '/' or '..')");
        }
        return name;
    }

    /** A valid name derived from a file name, e.g. {@code My Notes.sqlite} gives {@code My-Notes}. */
    public static String suggestFor(Path file) {
        String base = file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        String s = base.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("\\.\\.+", ".").replaceAll("^[^A-Za-z0-9]+", "");
        if (RESERVED.matcher(s.toLowerCase(Locale.ROOT)).matches()) {
            s = "db-" + s; // "con.db" or "aux.old.db" would otherwise suggest a name require() refuses
        }
        if (s.length() > 64) {
            s = s.substring(0, 64);
        }
        return s.isEmpty() ? "database" : s;
    }
}
