package app.lifeboat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

/**
 * An SFTP server in this JVM on 127.0.0.1 (Apache MINA SSHD), serving a folder as its root, with
 * an ed25519 host key and public-key login for one generated client key (any user name), or a
 * password when one is set. Starts in a fraction of a second: one per test class.
 */
public final class SftpTestServer implements AutoCloseable {
    private final SshServer server;
    private final KeyPair hostKey;
    private final KeyPair clientKey;
    private final List<PublicKey> authorized = new CopyOnWriteArrayList<>();
    private volatile String password;
    private volatile boolean denyWrites;
    private volatile long diskFullAfterBytes = Long.MAX_VALUE;

    public SftpTestServer(Path root) {
        this.hostKey = SshKeys.ed25519();
        this.clientKey = SshKeys.ed25519();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        authorized.add(clientKey.getPublic());
        server.setPublickeyAuthenticator((user, key, session) -> authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        server.setPasswordAuthenticator((user, pw, session) -> password != null && password.equals(pw));
        server.setKeyboardInteractiveAuthenticator(null);
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.setFileSystemAccessor(new FaultyAccessor());
        server.setSubsystemFactories(List.of(sftp));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** The key pair the server lets in. */
    public KeyPair clientKey() {
        return clientKey;
    }

    /** Lets {@code key} in too. */
    public void authorize(PublicKey key) {
        authorized.add(key);
    }

    /** Lets a password in too (null: keys only). */
    public void setPassword(String password) {
        this.password = password;
    }

    /** Refuses to create files and folders, as a read-only share or a folder of another user. */
    public void denyWrites(boolean deny) {
        this.denyWrites = deny;
    }

    /** Fails every file write that would take a file past {@code bytes}, as a full disk (MAX_VALUE: never). */
    public void diskFullAfter(long bytes) {
        this.diskFullAfterBytes = bytes;
    }

    /** The server's file access with the faults above. */
    private final class FaultyAccessor implements SftpFileSystemAccessor {
        @Override
        public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
            boolean writing = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
            if (writing && denyWrites) {
                throw new AccessDeniedException(file.toString());
            }
            SeekableByteChannel ch = SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options, attrs);
            return writing && ch instanceof FileChannel fc ? new FillingChannel(fc) : ch;
        }

        @Override
        public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
            if (denyWrites) {
                throw new AccessDeniedException(path.toString());
            }
            SftpFileSystemAccessor.super.createDirectory(subsystem, path);
        }
    }

    /** A file channel whose writes fail past {@link #diskFullAfterBytes}; the server needs a FileChannel to sync. */
    private final class FillingChannel extends FileChannel {
        private final FileChannel ch;

        FillingChannel(FileChannel ch) {
            this.ch = ch;
        }

        private void check(long end) throws IOException {
            if (end > diskFullAfterBytes) {
                // The status an SFTP v5+ server sends for ENOSPC (OpenSSH's v3 says only "Failure").
                throw new SftpException(SftpConstants.SSH_FX_NO_SPACE_ON_FILESYSTEM, "No space left on device");
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            check(ch.position() + src.remaining());
            return ch.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            check(position + src.remaining());
            return ch.write(src, position);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return ch.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return ch.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return ch.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return ch.position();
        }

        @Override
        public FileChannel position(long p) throws IOException {
            ch.position(p);
            return this;
        }

        @Override
        public long size() throws IOException {
            return ch.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            ch.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            ch.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return ch.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            check(position + count);
            return ch.transferFrom(src, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return ch.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return ch.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return ch.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            ch.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
