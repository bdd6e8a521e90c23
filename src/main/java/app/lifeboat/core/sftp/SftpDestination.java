package app.lifeboat.core.sftp;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.io.FileReads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.client.SftpClient.DirEntry;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A destination in a folder on an SFTP server. Objects are built in a private local scratch
 * folder, uploaded to a temporary name in the remote folder, made durable ({@code
 * fsync@openssh.com} where offered), checked for size, and renamed onto their name in one atomic
 * step ({@code posix-rename@openssh.com}). See {@code package-info} for what happens on servers
 * without those extensions.
 */
public final class SftpDestination implements Destination {
    /** How old a remote temporary must be before cleanup removes it: a live upload keeps its temporary fresh. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(SftpDestination.class);
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int FILE_MODE = 0600;
    private static final int FOLDER_MODE = 0700;

    private final SftpConnection conn;
    private final String folder;
    private final String url;
    private final Path scratch;
    private final Duration staleAfter;
    private final Clock clock;
    private final boolean ownsConnection;
    private final SftpUpload writer;

    /**
     * @param env where variables named in {@link SftpAuth} (and {@code SSH_AUTH_SOCK}) are looked up
     * @param scratch a private local folder (created 0700) for objects being built or downloaded
     */
    public SftpDestination(SftpOptions options, Map<String, String> env, Path scratch) {
        this(options, env, scratch, DEFAULT_STALE_AFTER, Clock.systemUTC());
    }

    /** As above, with the age at which temporaries count as stale and the clock that measures it. */
    public SftpDestination(SftpOptions options, Map<String, String> env, Path scratch, Duration staleAfter, Clock clock) {
        this(new SftpConnection(options, env), options.location().path(), options.location().toString(), scratch, staleAfter,
                clock, true);
    }

    private SftpDestination(SftpConnection conn, String folder, String url, Path scratch, Duration staleAfter, Clock clock,
            boolean ownsConnection) {
        this.conn = conn;
        this.folder = folder;
        this.url = url;
        this.scratch = scratch.toAbsolutePath();
        this.staleAfter = staleAfter;
        this.clock = clock;
        this.ownsConnection = ownsConnection;
        this.writer = new SftpUpload(conn, folder, url);
    }

    /** For tests: behave as if the server lacked the extensions set to false. */
    void maskFeatures(boolean fsync, boolean posixRename, boolean statvfs, boolean overwritingRename) {
        conn.maskFeatures(new SftpConnection.Features(fsync, posixRename, statvfs, overwritingRename));
    }

    /** The remote path of {@code name}; anything but a plain name is refused before any request. */
    private String remote(String name) {
        if (!Destination.isPlainName(name)) {
            throw new LifeboatException(ErrorCode.MALFORMED_METADATA, "refusing the name " + Destination.quoteName(name) + " in "
                    + url + ": only plain file names inside that folder are read, written or deleted", Remedy.REPAIR_METADATA);
        }
        return join(folder, name);
    }

    static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    static String tempName(String name) {
        return FileSafety.TEMP_PREFIX + UUID.randomUUID().toString().substring(0, 8) + "-" + name;
    }

    static boolean missing(IOException e) {
        return e instanceof NoSuchFileException || (e instanceof SftpException se
                && (se.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || se.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH));
    }

    @Override
    public String describe() {
        return url;
    }

    @Override
    public boolean isAvailable() {
        try {
            return conn.call("look at " + url, s -> s.stat(folder.isEmpty() ? "." : folder).isDirectory());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean isWritable() {
        try {
            writer.ensureFolder();
            conn.call("write a probe in " + url, s -> {
                String probe = join(folder, tempName("probe"));
                s.open(probe, OpenMode.Write, OpenMode.Create, OpenMode.Exclusive).close();
                s.remove(probe);
                return null;
            });
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public long usableSpaceBytes() {
        try {
            if (!conn.features().statvfs()) {
                return -1;
            }
            return conn.call("ask for free space", writer::freeBytes);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public List<String> list() throws IOException {
        return conn.call("list " + url, s -> {
            List<String> names = new ArrayList<>();
            List<String> odd = new ArrayList<>();
            for (DirEntry e : entries(s)) {
                String n = e.getFilename();
                if (n.equals(".") || n.equals("..") || n.startsWith(FileSafety.TEMP_PREFIX)) {
                    continue;
                }
                if (!Destination.isPlainName(n)) {
                    odd.add(Destination.quoteName(n));
                } else if (e.getAttributes().isRegularFile()) {
                    names.add(n); // folders are nested namespaces; links are never followed
                }
            }
            if (!odd.isEmpty()) {
                LOG.warn("ignoring {} entries in {} whose names are not plain file names: {}", odd.size(), url,
                        String.join(", ", odd.subList(0, Math.min(5, odd.size()))));
            }
            names.sort(null);
            return names;
        });
    }

    /** The folder's entries; none when it does not exist yet (no backup was written). */
    private List<DirEntry> entries(SftpClient s) throws IOException {
        String dir = folder.isEmpty() ? "." : folder;
        try {
            if (!s.stat(dir).isDirectory()) {
                throw new FileSystemException(url, null, "not a folder");
            }
        } catch (IOException e) {
            if (missing(e)) {
                return List.of();
            }
            throw e;
        }
        List<DirEntry> all = new ArrayList<>();
        for (DirEntry e : s.readDir(dir)) {
            all.add(e);
        }
        return all;
    }

    @Override
    public boolean exists(String name) {
        String path = remote(name);
        try {
            return conn.call("look for " + name, s -> {
                try {
                    return s.lstat(path).isRegularFile();
                } catch (IOException e) {
                    if (missing(e)) {
                        return false;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot look for " + locationOf(name) + ": " + e.getMessage(), e,
                    Remedy.SEE_DETAILS);
        }
    }

    @Override
    public String locationOf(String name) {
        remote(name);
        return url + "/" + name;
    }

    @Override
    public long sizeBytes(String name) throws IOException {
        String path = remote(name);
        return conn.call("read the size of " + name, s -> regularFile(s, path, name).getSize());
    }

    /** The attributes of a regular file; a folder or a link (which may point anywhere) is refused. */
    private Attributes regularFile(SftpClient s, String path, String name) throws IOException {
        Attributes a;
        try {
            a = s.lstat(path);
        } catch (IOException e) {
            if (missing(e)) {
                throw new NoSuchFileException(locationOf(name));
            }
            throw e;
        }
        if (!a.isRegularFile()) {
            throw new FileSystemException(locationOf(name), null, "not a regular file (links and folders are never followed)");
        }
        return a;
    }

    @Override
    public InputStream open(String name) throws IOException {
        String path = remote(name);
        return conn.call("read " + name, s -> {
            regularFile(s, path, name);
            return s.read(path, BUFFER_BYTES);
        });
    }

    @Override
    public LocalCopy localCopy(String name) throws IOException {
        String path = remote(name);
        FileSafety.createPrivateDirectories(scratch);
        Path local = scratch.resolve(tempName(name));
        FileSafety.createPrivateFile(local);
        try {
            conn.call("download " + name, s -> {
                long size = regularFile(s, path, name).getSize();
                try (InputStream in = s.read(path, BUFFER_BYTES); OutputStream out = Files.newOutputStream(local)) {
                    long got = in.transferTo(out);
                    if (got != size) {
                        throw new IOException("downloaded " + got + " of " + size + " bytes of " + locationOf(name));
                    }
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(local);
            throw e;
        }
        return new LocalCopy() {
            @Override
            public Path path() {
                return local;
            }

            @Override
            public void close() throws IOException {
                Files.deleteIfExists(local);
            }
        };
    }

    @Override
    public StagedFile stage(String name) throws IOException {
        remote(name);
        FileSafety.createPrivateDirectories(scratch);
        Path local = scratch.resolve(tempName(name));
        FileSafety.createPrivateFile(local);
        return new StagedFile() {
            private boolean committed;

            @Override
            public Path path() {
                return local;
            }

            @Override
            public void commit() throws IOException {
                if (committed) {
                    return;
                }
                writer.upload(name, remote(name), Files.size(local), () -> FileReads.open(local));
                committed = true;
            }

            @Override
            public void close() throws IOException {
                FileSafety.deleteWithSqliteSidecars(local); // uploaded or discarded: the local copy is no longer needed
            }
        };
    }

    /** Sends {@code file} straight from where it is, without a staged local copy; atomic as a commit is. */
    @Override
    public void put(String name, Path file, LongConsumer sent) throws IOException {
        String target = remote(name);
        long size = Files.size(file);
        writer.upload(name, target, size, () -> new CountingInputStream(FileReads.open(file), sent));
        sent.accept(size);
    }

    @Override
    public void writeAtomically(String name, byte[] content) throws IOException {
        remote(name);
        writer.upload(name, remote(name), content.length, () -> new ByteArrayInputStream(content));
    }

    @Override
    public void delete(String name) throws IOException {
        String path = remote(name);
        conn.call("delete " + name, s -> {
            try {
                s.remove(path);
            } catch (IOException e) {
                if (!missing(e)) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public Destination within(String name) {
        String sub = remote(name);
        return new SftpDestination(conn, sub, url + "/" + name, scratch, staleAfter, clock, false);
    }

    /** The connection is shared with nested namespaces; the outermost destination closes it. */
    @Override
    public void close() {
        if (ownsConnection) {
            conn.close();
        }
    }

    @Override
    public int removeStaleTemporaries() throws IOException {
        Instant cutoff = clock.instant().minus(staleAfter);
        int removed = conn.call("remove stale temporaries in " + url, s -> {
            List<String> stale = new ArrayList<>();
            for (DirEntry e : entries(s)) {
                FileTime modified = e.getAttributes().getModifyTime();
                if (e.getFilename().startsWith(FileSafety.TEMP_PREFIX) && e.getAttributes().isRegularFile()
                        && modified != null && !modified.toInstant().isAfter(cutoff)) {
                    stale.add(e.getFilename());
                }
            }
            int n = 0;
            for (String t : stale) {
                try {
                    s.remove(join(folder, t));
                    n++;
                } catch (IOException e) {
                    if (!missing(e)) { // another cleanup got there first otherwise
                        throw e;
                    }
                }
            }
            return n;
        });
        return removed + FileSafety.removeTemporaries(scratch, cutoff);
    }
}
