package app.lifeboat;

import app.lifeboat.core.io.FileSafety;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.util.OSInfo;

/**
 * Unpacks the native libraries of SQLite and zstd once into a private cache folder and points the
 * libraries' own loaders at them, instead of letting each unpack a fresh copy into the temp folder
 * on every run (SQLite's loader also compared the copy byte by byte with the jar).
 *
 * <p>A cached file is used only when it has the size and CRC-32 its jar entry records, in a folder
 * named after them (a new library version gets a new folder), inside a folder that belongs to
 * this user and that no one else can write; otherwise it is written again through a temp file,
 * fsync and rename. Anything unexpected leaves the libraries to their default behaviour.
 */
final class NativeLibraries {
    /** zstd-jni's library version (its jar holds the file under this name); checked by a test. */
    static final String ZSTD_LIB = "libzstd-jni-1.5.7-28";

    private NativeLibraries() {}

    /** Looked up only when there is something to say, so a warm start does not set up logging for it. */
    private static Logger log() {
        return LoggerFactory.getLogger(NativeLibraries.class);
    }

    /**
     * The user's cache folder for Lifeboat ({@code -Dlifeboat.cacheDir} wins): {@code $XDG_CACHE_HOME/lifeboat}
     * or {@code ~/.cache/lifeboat} on Linux, {@code %LOCALAPPDATA%\Lifeboat\cache} on Windows,
     * {@code ~/Library/Caches/Lifeboat} on macOS. Not the Lifeboat home: that may be on a removable
     * disk mounted without permission to run programs from it.
     */
    static Path userCacheDir(Map<String, String> env, String osName, Path userHome) {
        String explicit = System.getProperty("lifeboat.cacheDir");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            Path base = local != null ? Path.of(local) : userHome.resolve("AppData").resolve("Local");
            return base.resolve("Lifeboat").resolve("cache");
        }
        if (os.contains("mac")) {
            return userHome.resolve("Library").resolve("Caches").resolve("Lifeboat");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".cache");
        return base.resolve("lifeboat");
    }

    /** Caches and registers the libraries in this user's cache folder; never throws. */
    static void install() {
        try {
            install(userCacheDir(System.getenv(), System.getProperty("os.name"), Path.of(System.getProperty("user.home"))));
        } catch (RuntimeException e) {
            log().debug("native libraries not cached: {}", e.toString());
        }
    }

    /** One library to cache: its resource in the jar, and how to point its loader at the cached file. */
    record Library(String label, String resource, Consumer<Path> register) {}

    /** Caches and registers every library this platform has; never throws. */
    static void install(Path cacheRoot) {
        if (System.getProperty("lifeboat.nativeCache", "on").equals("off")) {
            return;
        }
        for (Library lib : libraries(sqliteFolder(cacheRoot))) {
            try {
                Path file = cached(cacheRoot, lib);
                if (file != null) {
                    lib.register().accept(file);
                }
            } catch (IOException | RuntimeException e) {
                log().debug("native library {} not cached: {}", lib.label(), e.toString());
            }
        }
    }

    /** What sqlite-jdbc's folder of natives for this JVM looks like, e.g. {@code Linux/x86_64}. */
    private static final Pattern FOLDER = Pattern.compile("[A-Za-z0-9_-]+/[A-Za-z0-9_-]+");

    /**
     * sqlite-jdbc's folder of natives for this JVM ({@code Linux/x86_64}), remembered in the cache
     * folder: working it out starts a process on Linux ({@code uname -o}, to rule out Termux),
     * which cost every command about 0.04 s. Kept per JVM, whose platform does not change under it.
     */
    static String sqliteFolder(Path cacheRoot) {
        String key = String.join("|", System.getProperty("java.home"), System.getProperty("java.vm.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        Path base = cacheRoot.resolve("native");
        Path file = base.resolve("sqlite-folder");
        boolean usable = false;
        try {
            FileSafety.createPrivateDirectories(base);
            usable = onlyMine(base);
            if (usable && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() == 2 && lines.get(0).equals(key) && FOLDER.matcher(lines.get(1)).matches()) {
                    return lines.get(1);
                }
            }
        } catch (IOException | RuntimeException e) {
            log().debug("sqlite native folder not read from the cache: {}", e.toString());
        }
        String folder = OSInfo.getNativeLibFolderPathForCurrentOS();
        if (usable && FOLDER.matcher(folder).matches()) {
            try {
                FileSafety.writeAtomically(file, (key + "\n" + folder + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                log().debug("sqlite native folder not remembered: {}", e.toString());
            }
        }
        return folder;
    }

    /** The libraries of this platform whose loaders can be pointed at a file, unless the user already did. */
    static List<Library> libraries(String sqliteFolder) {
        String sqliteLib = System.mapLibraryName("sqlitejdbc");
        Library sqlite = new Library("sqlite", "org/sqlite/native/" + sqliteFolder + "/" + sqliteLib, file -> {
            System.setProperty("org.sqlite.lib.path", file.getParent().toString());
            System.setProperty("org.sqlite.lib.name", file.getFileName().toString());
            // Its loader also lists this folder for stale copies on every start: ours is small.
            System.setProperty("org.sqlite.tmpdir", file.getParent().toString());
        });
        Library zstd = new Library("zstd", zstdResource(), file -> System.setProperty("ZstdNativePath", file.toString()));
        boolean userSqlite = System.getProperty("org.sqlite.lib.path") != null;
        boolean userZstd = System.getProperty("ZstdNativePath") != null;
        if (userSqlite && userZstd) {
            return List.of();
        }
        return userSqlite ? List.of(zstd) : userZstd ? List.of(sqlite) : List.of(sqlite, zstd);
    }

    /** The resource zstd-jni's own loader unpacks on this platform (its Native.resourceName()). */
    static String zstdResource() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        String osDir;
        String ext;
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            osDir = "darwin";
            ext = "dylib";
            arch = arch.equals("amd64") ? "x86_64" : arch;
        } else if (os.startsWith("windows")) {
            osDir = "win";
            ext = "dll";
        } else {
            osDir = os.replace(' ', '_');
            ext = "so";
        }
        return osDir + "/" + arch + "/" + ZSTD_LIB + "." + ext;
    }

    /** The verified cached copy of {@code lib}, unpacking it first if needed; null when it cannot be cached. */
    static Path cached(Path cacheRoot, Library lib) throws IOException {
        URL url = NativeLibraries.class.getClassLoader().getResource(lib.resource());
        if (url == null) {
            return null;
        }
        URLConnection conn = url.openConnection();
        if (!(conn instanceof JarURLConnection jar)) {
            return null;
        }
        JarEntry entry = jar.getJarEntry();
        long size = entry.getSize();
        long crc = entry.getCrc();
        if (size <= 0 || crc < 0) {
            return null;
        }
        Path base = cacheRoot.resolve("native");
        FileSafety.createPrivateDirectories(base);
        if (!onlyMine(base)) {
            log().warn("not caching native libraries in {}: it is not a private folder of this user", base);
            return null;
        }
        Path folder = base.resolve(lib.label() + "-" + size + "-" + Long.toHexString(crc));
        Path file = folder.resolve(lib.resource().substring(lib.resource().lastIndexOf('/') + 1));
        if (Files.isRegularFile(file) && matches(file, size, crc)) {
            return file;
        }
        FileSafety.createPrivateDirectories(folder);
        Path temp = FileSafety.tempPathIn(folder, file.getFileName().toString());
        try {
            FileSafety.createPrivateFile(temp);
            try (InputStream in = jar.getInputStream();
                    FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(ch)) {
                in.transferTo(out);
            }
            if (!matches(temp, size, crc)) {
                throw new IOException("unpacked " + lib.label() + " library does not match its jar entry");
            }
            FileSafety.commit(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
        log().info("unpacked the {} native library into {}", lib.label(), folder);
        return matches(file, size, crc) ? file : null;
    }

    /** True when {@code file} has exactly {@code size} bytes with CRC-32 {@code crc}. */
    static boolean matches(Path file, long size, long crc) throws IOException {
        if (Files.size(file) != size) {
            return false;
        }
        CRC32 sum = new CRC32();
        sum.update(Files.readAllBytes(file));
        return sum.getValue() == crc;
    }

    /** On POSIX systems: {@code dir} belongs to this process's user and only they can write it. */
    static boolean onlyMine(Path dir) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return true;
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> p = a.permissions();
        return a.isDirectory() && a.owner().getName().equals(System.getProperty("user.name"))
                && !p.contains(PosixFilePermission.GROUP_WRITE) && !p.contains(PosixFilePermission.OTHERS_WRITE);
    }
}
