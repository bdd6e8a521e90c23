package app.lifeboat.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Durable, private file operations: fsync of files and folders, atomic replace, 0600/0700
 * permissions. Every write that matters goes through here so the crash-safety rules live in one
 * place.
 */
public final class FileSafety {
    static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** Prefix of every temporary file Lifeboat creates, so a crash leftover is recognisable. */
    public static final String TEMP_PREFIX = ".lifeboat-tmp-";

    private FileSafety() {}

    /** Creates {@code dir} (and parents) if needed; folders Lifeboat creates are private (0700). */
    public static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            createPrivateDirectories(parent);
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return;
        }
        makePrivateDirectory(dir);
        fsyncDirectory(parent);
    }

    public static void makePrivateFile(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    public static void makePrivateDirectory(Path dir) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Creates an empty 0600 file that did not exist before (fails if it does). */
    public static void createPrivateFile(Path file) throws IOException {
        if (POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Flushes a folder's entries (a rename is only durable once its folder is synced). */
    public static void fsyncDirectory(Path dir) throws IOException {
        if (dir == null || !POSIX) {
            return; // Windows cannot open a directory for sync; NTFS journals the rename itself.
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems (e.g. certain network mounts) refuse directory fsync; the rename
            // has still happened, so this is not worth failing a backup over.
        }
    }

    /** A fresh temporary path in {@code dir} that Lifeboat's cleanup recognises. */
    public static Path tempPathIn(Path dir, String hint) {
        return dir.resolve(TEMP_PREFIX + UUID.randomUUID().toString().substring(0, 8) + "-" + hint);
    }

    /** fsyncs {@code temp}, renames it onto {@code target} atomically, then fsyncs the folder. */
    public static void commit(Path temp, Path target) throws IOException {
        fsync(temp);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system at " + target.getParent() + " cannot rename atomically", e);
        }
        fsyncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Opens a file Lifeboat just created for writing from its start. O_TRUNC is avoided on
     * purpose: on ext4 (auto_da_alloc) a truncate to zero, even of an empty file, makes close()
     * write the whole file back and its later deletion slow, which cost about 1 s per GiB of
     * temporary on every verify. A non-empty file is still truncated first.
     */
    public static FileChannel openEmptyForWriting(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        if (ch.size() > 0) {
            ch.truncate(0);
        }
        return ch;
    }

    /** Writes {@code content} to {@code target} through a private temp file, fsync and rename. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = tempPathIn(dir, target.getFileName().toString());
        try {
            createPrivateFile(temp);
            try (FileChannel ch = openEmptyForWriting(temp)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            commit(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes {@code p} and the -journal, -wal and -shm SQLite may have left beside it. */
    public static void deleteWithSqliteSidecars(Path p) throws IOException {
        Files.deleteIfExists(p);
        for (String suffix : new String[] {"-journal", "-wal", "-shm"}) {
            Files.deleteIfExists(p.resolveSibling(p.getFileName() + suffix));
        }
    }

    /**
     * Removes the temporaries in {@code folder} (files named with {@link #TEMP_PREFIX}) last written
     * at or before {@code cutoff}; returns how many. {@code Instant.MAX} removes all of them, for callers
     * that hold the lock every writer of that folder takes.
     */
    public static int removeTemporaries(Path folder, Instant cutoff) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith(TEMP_PREFIX) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && !Files.getLastModifiedTime(p).toInstant().isAfter(cutoff) && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        }
        return removed;
    }
}
