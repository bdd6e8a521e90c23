package app.lifeboat.core.io;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A destination that is a folder on a local (or mounted) file system. Temporaries live in the same
 * folder so the final rename is atomic; fsync of file and folder happens before an object counts.
 */
public final class LocalFolderDestination implements Destination {
    private final Path folder;

    public LocalFolderDestination(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    public Path folder() {
        return folder;
    }

    /**
     * The path of the object {@code name}. Every method goes through here, so a name that a
     * tampered sidecar supplies ({@code ../../x}, an absolute path, {@code sub/x}) is refused
     * before anything is read, written or deleted outside the folder.
     */
    public Path pathOf(String name) {
        Path p = Destination.isPlainName(name) ? folder.resolve(name) : null;
        if (p == null || !folder.equals(p.getParent()) || !p.getFileName().toString().equals(name)) {
            throw new LifeboatException(ErrorCode.MALFORMED_METADATA, "refusing the name " + Destination.quoteName(name) + " in "
                    + folder + ": only plain file names inside that folder are read, written or deleted",
                    Remedy.REPAIR_METADATA);
        }
        return p;
    }

    @Override
    public String describe() {
        return folder.toString();
    }

    @Override
    public boolean isAvailable() {
        return Files.isDirectory(folder);
    }

    @Override
    public boolean isWritable() {
        Path probeDir = nearestExisting(folder);
        if (probeDir == null || !Files.isDirectory(probeDir)) {
            return false;
        }
        // Files.isWritable trusts permission bits; root ignores them and a read-only mount refuses
        // anyway, so try the real thing.
        Path probe = FileSafety.tempPathIn(probeDir, "probe");
        try {
            Files.createFile(probe);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public long usableSpaceBytes() {
        Path existing = nearestExisting(folder);
        try {
            return existing == null ? -1 : Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private static Path nearestExisting(Path p) {
        Path cur = p;
        while (cur != null && !Files.exists(cur)) {
            cur = cur.getParent();
        }
        return cur;
    }

    @Override
    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.notExists(folder)) {
            return names; // no backup yet
        }
        if (!Files.isDirectory(folder)) {
            throw new NotDirectoryException(folder.toString()); // something else took its place: say so
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.startsWith(FileSafety.TEMP_PREFIX) && Files.isRegularFile(p)) {
                    names.add(n);
                }
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public String locationOf(String name) {
        return pathOf(name).toString();
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(pathOf(name));
    }

    @Override
    public long sizeBytes(String name) throws IOException {
        return Files.size(pathOf(name));
    }

    @Override
    public InputStream open(String name) throws IOException {
        return FileReads.open(pathOf(name));
    }

    @Override
    public LocalCopy localCopy(String name) throws IOException {
        Path p = pathOf(name);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(p.toString());
        }
        return new LocalCopy() {
            @Override
            public Path path() {
                return p;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public StagedFile stage(String name) throws IOException {
        FileSafety.createPrivateDirectories(folder);
        Path target = pathOf(name);
        Path temp = FileSafety.tempPathIn(folder, name);
        // Created 0600 before anyone writes to it: SQLite keeps an existing file's permissions, so
        // the plaintext snapshot is never readable by others, not even for a moment.
        FileSafety.createPrivateFile(temp);
        return new StagedFile() {
            private boolean committed;

            @Override
            public Path path() {
                return temp;
            }

            @Override
            public void commit() throws IOException {
                FileSafety.makePrivateFile(temp);
                FileSafety.commit(temp, target);
                committed = true;
            }

            @Override
            public void close() throws IOException {
                if (!committed) {
                    FileSafety.deleteWithSqliteSidecars(temp);
                }
            }
        };
    }

    @Override
    public void writeAtomically(String name, byte[] content) throws IOException {
        FileSafety.createPrivateDirectories(folder);
        FileSafety.writeAtomically(pathOf(name), content);
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(pathOf(name));
        FileSafety.fsyncDirectory(folder);
    }

    @Override
    public Destination within(String name) {
        return new LocalFolderDestination(pathOf(name));
    }

    @Override
    public int removeStaleTemporaries() throws IOException {
        return FileSafety.removeTemporaries(folder, Instant.MAX); // every writer here holds the database lock
    }
}
