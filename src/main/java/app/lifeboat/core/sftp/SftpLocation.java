package app.lifeboat.core.sftp;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where an SFTP destination lives: {@code sftp://user@host[:port]/path}.
 *
 * <p>The path follows the SSH URI draft (and curl): {@code /srv/backups} is absolute on the server,
 * {@code /~/backups} is relative to the login folder, and {@code /~} is the login folder itself.
 * {@link #path()} keeps that form: absolute, or relative without the {@code ~/}, so {@code
 * backups} is resolved by the server against the login folder.
 *
 * @param user the login name
 * @param host a host name or IP address (an IPv6 address without brackets)
 * @param port the TCP port, 22 unless given
 * @param path an absolute path, a path relative to the login folder, or empty for the login folder
 */
public record SftpLocation(String user, String host, int port, String path) {
    public static final int DEFAULT_PORT = 22;

    /** Parses {@code url}; without a user the current OS user logs in, as ssh does. */
    public static SftpLocation parse(String url) {
        return parse(url, System.getProperty("user.name", ""));
    }

    /** Parses {@code url}, with {@code defaultUser} when the URL names none. */
    public static SftpLocation parse(String url, String defaultUser) {
        if (url == null || !url.regionMatches(true, 0, "sftp://", 0, 7)) {
            throw invalid(url, "it must start with sftp://");
        }
        String rest = url.substring(7);
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw invalid(url, "it must not have a query (?) or a fragment (#)");
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw invalid(url, "it names no folder: add /path after the host, or /~ for the login folder");
        }
        String authority = rest.substring(0, slash);
        String user = defaultUser;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            user = decode(url, authority.substring(0, at));
            authority = authority.substring(at + 1);
        }
        if (user == null || user.isEmpty() || user.chars().anyMatch(Character::isISOControl)) {
            throw invalid(url, "it names no user, and the current user is unknown: write user@host");
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid(url, "the IPv6 address has no closing ]");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(url, "only :port may follow the IPv6 address");
                }
                portText = after.substring(1);
            }
            if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?")) {
                throw invalid(url, "the address in brackets is not an IPv6 address");
            }
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
                throw invalid(url, "write an IPv6 address in brackets, e.g. sftp://user@[2001:db8::1]/backups");
            }
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
            if (!host.matches("[A-Za-z0-9._-]+")) {
                throw invalid(url, host.isEmpty() ? "it names no host" : "the host name has characters a host name cannot have");
            }
        }
        int port = portText == null ? DEFAULT_PORT : parsePort(url, portText);
        return new SftpLocation(user, host.toLowerCase(Locale.ROOT), port, parsePath(url, rest.substring(slash)));
    }

    private static int parsePort(String url, String text) {
        if (!text.matches("[0-9]{1,5}")) {
            throw invalid(url, "the port must be a number from 1 to 65535");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw invalid(url, "the port must be a number from 1 to 65535");
        }
        return port;
    }

    /** {@code /a/b} stays absolute; {@code /~/a} becomes {@code a} (relative to the login folder). */
    private static String parsePath(String url, String raw) {
        String path = decode(url, raw);
        boolean home = path.equals("/~") || path.startsWith("/~/");
        String inner = home ? path.substring(2) : path;
        StringBuilder out = new StringBuilder();
        for (String segment : inner.split("/", -1)) {
            if (segment.isEmpty()) {
                continue; // "//" and a trailing "/" mean nothing more
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(url, "its path must not contain . or .. segments");
            }
            if (segment.chars().anyMatch(Character::isISOControl)) {
                throw invalid(url, "its path contains a control character");
            }
            out.append(out.length() > 0 || !home ? "/" : "").append(segment);
        }
        if (!home && out.length() == 0) {
            throw invalid(url, "it names no folder: add /path after the host, or /~ for the login folder");
        }
        return out.toString();
    }

    private static String decode(String url, String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw invalid(url, "it has a % that is not followed by two hex digits");
                }
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static LifeboatException invalid(String url, String why) {
        return new LifeboatException(ErrorCode.INVALID_ARGUMENT, "the SFTP address " + quote(url)
                + " is not of the form sftp://user@host[:port]/path: " + why, Remedy.NONE);
    }

    private static String quote(String s) {
        return s == null ? "(none)" : "'" + s.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    /** Whether the folder is given relative to the login folder. */
    public boolean relativeToHome() {
        return !path.startsWith("/");
    }

    /** The host as ssh and known_hosts write it: {@code host}, or {@code [host]:port} off port 22. */
    public String hostKeyName() {
        return port == DEFAULT_PORT ? host : "[" + host + "]:" + port;
    }

    /** The URL again, in canonical form (IPv6 in brackets, the port only when it is not 22). */
    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        String p = relativeToHome() ? (path.isEmpty() ? "/~" : "/~/" + path) : path;
        return "sftp://" + user + "@" + h + (port == DEFAULT_PORT ? "" : ":" + port) + p;
    }
}
