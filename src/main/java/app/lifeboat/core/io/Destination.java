package app.lifeboat.core.io;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Where one database's backups are stored: a flat namespace of named objects (stored files and
 * their JSON sidecars). The local folder is the first implementation; object storage and SFTP
 * will implement the same contract, which is why writes go through {@link StagedFile} (build
 * locally, then publish atomically) instead of exposing final paths.
 *
 * <p>Names are plain names ({@link #isPlainName}): names read from a destination are untrusted,
 * and an implementation refuses any other name rather than resolve it outside its namespace.
 */
public interface Destination extends AutoCloseable {
    /**
     * Whether {@code name} is one plain name inside the namespace: not empty, not {@code .} or
     * {@code ..}, no separator of any platform, no control character.
     */
    static boolean isPlainName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** A name for a message: quoted, short, with control characters shown as escapes, not obeyed. */
    static String quoteName(String name) {
        if (name == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder("'");
        name.codePoints().limit(80).forEach(c -> b.append(Character.isISOControl(c)
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return b.append(name.length() > 80 ? "...'" : "'").toString();
    }

    /** A human description for messages, e.g. the folder path. */
    String describe();

    /** True when the destination exists and can be listed (the root may still need creating). */
    boolean isAvailable();

    /** True when new objects can be written. */
    boolean isWritable();

    /** Free space for new objects in bytes, or -1 when the destination cannot tell. */
    long usableSpaceBytes();

    /** Names of the objects stored, temporaries excluded. */
    List<String> list() throws IOException;

    boolean exists(String name);

    /** Where the object lives, for people and scripts: an absolute path, or a URL for remote stores. */
    String locationOf(String name);

    long sizeBytes(String name) throws IOException;

    InputStream open(String name) throws IOException;

    /** The object as a local file for SQLite to open; a remote destination downloads it first. */
    LocalCopy localCopy(String name) throws IOException;

    /** Starts writing a new object; nothing is visible under {@code name} until commit. */
    StagedFile stage(String name) throws IOException;

    /**
     * Stores the local {@code file} under {@code name}, atomically as {@link #stage} does, reporting
     * bytes sent to {@code sent}; when it returns, the object has as many bytes as were read from
     * the file (every implementation checks, so callers need not ask again). Remote stores override
     * it to send straight from the file.
     */
    default void put(String name, Path file, LongConsumer sent) throws IOException {
        long done = 0;
        try (StagedFile f = stage(name); InputStream in = FileReads.open(file);
                OutputStream out = Files.newOutputStream(f.path())) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                done += n;
                sent.accept(done);
            }
            out.close();
            f.commit();
        }
        long stored = sizeBytes(name);
        if (stored != done) {
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "the copy of " + quoteName(name) + " at "
                    + describe() + " has " + stored + " bytes instead of " + done, Remedy.TRY_AGAIN);
        }
    }

    /**
     * As {@link #put(String, Path, LongConsumer)} for a file whose SHA-256 (hex) is already recorded:
     * a remote store may then send it without hashing it first, as long as it still refuses to
     * publish bytes that do not match it.
     */
    default void put(String name, Path file, String sha256Hex, LongConsumer sent) throws IOException {
        put(name, file, sent);
    }

    /** Replaces (or creates) a small object atomically, e.g. a sidecar. */
    void writeAtomically(String name, byte[] content) throws IOException;

    void delete(String name) throws IOException;

    /**
     * A nested namespace named {@code name} (a plain name): a subfolder, or a key prefix on object
     * storage. Its objects are not listed here, and it shares this destination's connection.
     */
    Destination within(String name);

    /**
     * How far the server's clock is ahead of ours (negative: behind), where the server tells; signed
     * requests fail when it is off by minutes, so {@code destination test} reports it.
     */
    default Optional<Duration> clockSkew() throws IOException {
        return Optional.empty();
    }

    /**
     * The SHA-256 (hex) of the object as the server computed or recorded it at upload, without
     * reading the object; empty when the store keeps none. A quick check compares it with the
     * sidecar's.
     */
    default Optional<String> storedSha256(String name) throws IOException {
        return Optional.empty();
    }

    /** Releases connections; a folder has none. Objects already committed stay. */
    @Override
    default void close() throws IOException {}

    /** Removes temporaries left by a crashed or killed run; returns how many were removed. */
    int removeStaleTemporaries() throws IOException;

    /** A readable local file; close it to release a downloaded copy. */
    interface LocalCopy extends AutoCloseable {
        Path path();

        @Override
        void close() throws IOException;
    }

    /** An object being written: fill {@link #path()}, then {@link #commit()} or {@link #close()}. */
    interface StagedFile extends AutoCloseable {
        /** A private (0600), empty local file for the caller to fill (SQLite treats it as an empty database). */
        Path path();

        /** Makes the object durable and visible under its name in one atomic step. */
        void commit() throws IOException;

        /** Discards the object unless it was committed; removes every temporary it made. */
        @Override
        void close() throws IOException;
    }
}
