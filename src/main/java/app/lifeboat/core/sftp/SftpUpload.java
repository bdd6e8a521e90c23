package app.lifeboat.core.sftp;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.io.Destination;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.client.SftpClient.CloseableHandle;
import org.apache.sshd.sftp.client.SftpClient.CopyMode;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatExtensionInfo;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatPathExtension;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one object into an SFTP folder so that readers see all of it or none: a temporary name in
 * the same folder, pipelined writes, fsync where offered, a size check, then an atomic rename. Also
 * makes the folder (0700) and answers how much space is free there.
 */
final class SftpUpload {
    private static final Logger LOG = LoggerFactory.getLogger(SftpUpload.class);
    private static final int FILE_MODE = 0600;
    private static final int FOLDER_MODE = 0700;

    private final SftpConnection conn;
    private final String folder;
    private final String url;
    private volatile boolean folderReady;

    SftpUpload(SftpConnection conn, String folder, String url) {
        this.conn = conn;
        this.folder = folder;
        this.url = url;
    }

    /** Free bytes for us in the folder (or the login folder before it exists), or -1 without statvfs. */
    long freeBytes(SftpClient s) throws IOException {
        if (!conn.features().statvfs()) {
            return -1;
        }
        OpenSSHStatPathExtension ext = s.getExtension(OpenSSHStatPathExtension.class);
        OpenSSHStatExtensionInfo info;
        try {
            info = ext.stat(folder.isEmpty() ? "." : folder);
        } catch (IOException e) {
            if (!SftpDestination.missing(e)) {
                throw e;
            }
            info = ext.stat("."); // not created yet: the login folder is the nearest we know
        }
        long unit = info.f_frsize > 0 ? info.f_frsize : info.f_bsize;
        return info.f_bavail * unit;
    }

    /** Where the bytes of an upload come from; opened again if the upload is retried on a new session. */
    interface Source {
        InputStream open() throws IOException;
    }

    /** temp in the same folder → write → fsync → size check → atomic rename; the temp is removed on failure. */
    void upload(String name, String target, long size, Source source) throws IOException {
        ensureFolder();
        conn.call("upload " + name, s -> {
            String temp = SftpDestination.join(folder, SftpDestination.tempName(name));
            boolean published = false;
            try {
                writeTempIn(s, temp, source, size, name);
                long stored = s.lstat(temp).getSize();
                if (stored != size) {
                    throw new LifeboatException(ErrorCode.IO_ERROR, "the server " + conn.where() + " stored " + stored + " of the "
                            + size + " bytes of " + name + ", so it was not published", Remedy.SEE_DETAILS);
                }
                publish(s, temp, target, name);
                published = true;
            } finally {
                if (!published) {
                    removeQuietly(s, temp);
                }
            }
            return null;
        });
    }

    private void writeTempIn(SftpClient s, String temp, Source source, long size, String name) throws IOException {
        try {
            writeTemp(s, temp, source);
        } catch (SftpException e) {
            if (SftpDestination.missing(e) && !folder.isEmpty()) {
                // The folder went away since it was made or checked: make it again, once.
                createFolders(s, folder);
                writeTemp(s, temp, source);
                return;
            }
            if (e.getStatus() == SftpConstants.SSH_FX_FAILURE) {
                // OpenSSH reports a full disk as a bare "Failure": ask the file system whether it is full.
                long free = freeBytes(s);
                if (free >= 0 && free < size) {
                    throw conn.noSpace("upload " + name + " (" + size + " bytes, " + free + " free)", e);
                }
            }
            throw e;
        }
    }

    private void writeTemp(SftpClient s, String temp, Source source) throws IOException {
        try (CloseableHandle h = s.open(temp, OpenMode.Write, OpenMode.Create, OpenMode.Exclusive)) {
            try {
                s.setStat(h, new Attributes().perms(FILE_MODE)); // before any byte is written
            } catch (SftpException e) {
                LOG.warn("the server {} cannot make {} private (0600): {}", conn.where(), temp, e.getMessage());
            }
            // Pipelined: many writes in flight instead of one round trip per 32 KiB, but no more than
            // fit the server's window (see BoundedWriteStream).
            try (BoundedWriteStream out = new BoundedWriteStream((AbstractSftpClient) s, temp, h);
                    InputStream in = source.open()) {
                out.send(in);
            }
            if (conn.features().fsync()) {
                s.getExtension(OpenSSHFsyncExtension.class).fsync(h);
            }
        }
    }

    /**
     * Renames {@code temp} onto {@code target} atomically. Without posix-rename (or SFTP v5+
     * overwrite), a plain rename only creates: replacing an object would need removing or moving
     * the old one first, leaving its name missing for a moment, so that is refused instead.
     */
    private void publish(SftpClient s, String temp, String target, String name) throws IOException {
        if (conn.features().posixRename()) {
            s.getExtension(OpenSSHPosixRenameExtension.class).posixRename(temp, target);
        } else if (conn.features().overwritingRename()) {
            s.rename(temp, target, CopyMode.Overwrite, CopyMode.Atomic);
        } else {
            boolean exists;
            try {
                s.lstat(target);
                exists = true;
            } catch (IOException e) {
                if (!SftpDestination.missing(e)) {
                    throw e;
                }
                exists = false;
            }
            if (exists) {
                throw new LifeboatException(ErrorCode.DESTINATION_UNAVAILABLE, "the server " + conn.where()
                        + " cannot replace files atomically (it does not offer posix-rename@openssh.com), so "
                        + Destination.quoteName(name) + " was left as it was and its new version was not stored; OpenSSH"
                        + " servers offer it", Remedy.NONE);
            }
            s.rename(temp, target); // refuses to overwrite, so a racing writer's object is never replaced
        }
    }

    private void removeQuietly(SftpClient s, String path) {
        try {
            s.remove(path);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not remove the temporary {} now ({}); cleanup removes it later", path, e.toString());
        }
    }

    /** Creates the folder and its missing parents (0700) once per destination object. */
    void ensureFolder() throws IOException {
        if (folderReady || folder.isEmpty()) {
            return;
        }
        conn.call("create the folder " + url, s -> {
            createFolders(s, folder);
            return null;
        });
        folderReady = true;
    }

    private void createFolders(SftpClient s, String dir) throws IOException {
        if (dir.isEmpty() || dir.equals("/")) {
            return;
        }
        try {
            if (s.stat(dir).isDirectory()) {
                return;
            }
            throw new FileSystemException(dir, null, "exists on " + conn.where() + " but is not a folder");
        } catch (IOException e) {
            if (!SftpDestination.missing(e)) {
                throw e;
            }
        }
        int slash = dir.lastIndexOf('/');
        createFolders(s, slash < 0 ? "" : dir.substring(0, slash));
        try {
            s.mkdir(dir);
        } catch (SftpException e) {
            if (!isFolder(s, dir)) { // made by a racing run: fine; anything else: say so
                throw e;
            }
            return;
        }
        try {
            s.setStat(dir, new Attributes().perms(FOLDER_MODE));
        } catch (SftpException e) {
            LOG.warn("the server {} cannot make the folder {} private (0700): {}", conn.where(), dir, e.getMessage());
        }
    }

    private static boolean isFolder(SftpClient s, String dir) {
        try {
            return s.stat(dir).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }
}
