package app.lifeboat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.OSInfo;

class NativeLibrariesTest {
    @TempDir
    Path dir;

    private static List<NativeLibraries.Library> libraries() {
        return NativeLibraries.libraries(OSInfo.getNativeLibFolderPathForCurrentOS());
    }

    private static NativeLibraries.Library library(String label) {
        return libraries().stream().filter(l -> l.label().equals(label)).findFirst().orElseThrow();
    }

    private static byte[] resource(NativeLibraries.Library lib) throws Exception {
        try (InputStream in = NativeLibraries.class.getClassLoader().getResourceAsStream(lib.resource())) {
            assertNotNull(in, "no resource " + lib.resource() + " (did zstd-jni or sqlite-jdbc change its layout?)");
            return in.readAllBytes();
        }
    }

    @Test
    void bothLibrariesOfThisPlatformAreFoundInTheirJars() throws Exception {
        assertEquals(List.of("sqlite", "zstd"), libraries().stream().map(NativeLibraries.Library::label).toList());
        for (NativeLibraries.Library lib : libraries()) {
            assertTrue(resource(lib).length > 100_000, lib.label());
        }
    }

    @Test
    void sqlitesNativeFolderIsWorkedOutOnceThenRememberedForThisJvm() throws Exception {
        String folder = OSInfo.getNativeLibFolderPathForCurrentOS();
        assertEquals(folder, NativeLibraries.sqliteFolder(dir));
        Path remembered = dir.resolve("native").resolve("sqlite-folder");
        List<String> lines = Files.readAllLines(remembered);
        assertEquals(List.of(System.getProperty("java.home"), folder),
                List.of(lines.get(0).substring(0, lines.get(0).indexOf('|')), lines.get(1)));

        // What is remembered is what is used (so the process is not started again)...
        Files.write(remembered, List.of(lines.get(0), "Linux/remembered"));
        assertEquals("Linux/remembered", NativeLibraries.sqliteFolder(dir));
        // ...but only for this JVM, and only when it looks like a folder name.
        Files.write(remembered, List.of("another-jvm|17|Linux|amd64", "Linux/other"));
        assertEquals(folder, NativeLibraries.sqliteFolder(dir));
        Files.write(remembered, List.of(lines.get(0), "../../etc"));
        assertEquals(folder, NativeLibraries.sqliteFolder(dir));
        assertEquals(lines, Files.readAllLines(remembered), "a wrong entry is written again");
    }

    @Test
    void unpacksOnceIntoAPrivateVersionedFolderThenReusesTheCopy() throws Exception {
        NativeLibraries.Library zstd = library("zstd");
        Path file = NativeLibraries.cached(dir, zstd);
        assertNotNull(file);
        assertArrayEquals(resource(zstd), Files.readAllBytes(file));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertTrue(file.getParent().getFileName().toString().startsWith("zstd-" + Files.size(file) + "-"));

        FileTime written = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(file, written);
        assertEquals(file, NativeLibraries.cached(dir, zstd));
        assertEquals(written, Files.getLastModifiedTime(file), "an intact copy is not written again");
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporaries left behind");
        }
    }

    @Test
    void aDamagedOrHalfWrittenCopyIsReplacedNotLoaded() throws Exception {
        NativeLibraries.Library sqlite = library("sqlite");
        Path file = NativeLibraries.cached(dir, sqlite);
        byte[] good = Files.readAllBytes(file);

        byte[] tampered = good.clone();
        tampered[good.length / 2] ^= 1;
        Files.write(file, tampered);
        assertEquals(file, NativeLibraries.cached(dir, sqlite));
        assertArrayEquals(good, Files.readAllBytes(file));

        Files.write(file, new byte[good.length / 3]);
        assertEquals(file, NativeLibraries.cached(dir, sqlite));
        assertArrayEquals(good, Files.readAllBytes(file));
    }

    @Test
    void aFolderOthersCanWriteIsNotUsed() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("native"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNull(NativeLibraries.cached(dir, library("zstd")));
        try (var files = Files.list(shared)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void theCacheFolderFollowsEachPlatformsConvention() {
        Path home = Path.of("/home/ada");
        assertEquals(Path.of("/home/ada/.cache/lifeboat"), NativeLibraries.userCacheDir(Map.of(), "Linux", home));
        assertEquals(Path.of("/x/lifeboat"), NativeLibraries.userCacheDir(Map.of("XDG_CACHE_HOME", "/x"), "Linux", home));
        assertEquals(Path.of("/home/ada/Library/Caches/Lifeboat"), NativeLibraries.userCacheDir(Map.of(), "Mac OS X", home));
        assertEquals(Path.of("/l/Lifeboat/cache"), NativeLibraries.userCacheDir(Map.of("LOCALAPPDATA", "/l"), "Windows 11", home));
    }
}
