package app.lifeboat.core.sqlite;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The key of an encrypted database together with its scheme. Lives in memory only; its
 * {@link #toString()} never shows the key, and it is passed to SQLite as a URI parameter of an
 * in-process connection (never on a command line).
 */
public final class DatabaseKey {
    private final CipherSpec spec;
    private final char[] key;

    public DatabaseKey(CipherSpec spec, char[] key) {
        this.spec = spec;
        this.key = key.clone();
    }

    public CipherSpec spec() {
        return spec;
    }

    /** URI parameters that open the database with this key. */
    String uriParams() {
        String enc = URLEncoder.encode(new String(key), StandardCharsets.UTF_8).replace("+", "%20");
        return spec.uriParams() + "&key=" + enc;
    }

    /** The key itself, for handing on to another operation; callers must not log or store it. */
    public char[] keyChars() {
        return key.clone();
    }

    public DatabaseKey withSpec(CipherSpec other) {
        return new DatabaseKey(other, key);
    }

    @Override
    public String toString() {
        return "DatabaseKey[" + spec.describe() + ", key hidden]";
    }
}
