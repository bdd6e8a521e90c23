/**
 * Destinations on SFTP servers (Apache MINA SSHD), built on {@code core.io} and {@code core.base}
 * only.
 *
 * <p><b>Writes.</b> An object is built in a private local scratch file (0600 in a 0700 folder),
 * then uploaded through a pipelined stream to {@code .lifeboat-tmp-XXXXXXXX-name} in the same
 * remote folder (created exclusively, made 0600 before its first byte), synced with {@code
 * fsync@openssh.com} when the server offers it, checked for size, and renamed onto its name with
 * {@code posix-rename@openssh.com}, which replaces atomically. Remote folders are created 0700.
 * A failed upload removes its temporary when the connection still works; otherwise {@link
 * app.lifeboat.core.sftp.SftpDestination#removeStaleTemporaries()} removes temporaries whose last
 * write is older than an hour (a live upload keeps its temporary fresh, so another process's
 * running upload is never removed).
 *
 * <p><b>Servers without posix-rename.</b> SFTP v5+ servers rename with overwrite and atomic flags.
 * On others a plain rename creates new objects (it refuses to overwrite, so a racing writer's
 * object is never replaced), but replacing an existing object is refused with a clear error: every
 * other way (remove, or rename the old one away, then rename) leaves a moment when the name a reader
 * trusts is missing, and a crash in that moment loses it. Backups and their sidecars are new names,
 * so only rewriting a sidecar hits this.
 *
 * <p><b>Host keys.</b> See {@link app.lifeboat.core.sftp.HostKeyCheck}: the user's known_hosts is
 * read, Lifeboat's own known_hosts (in its home) is read and is where accepted keys are recorded;
 * unknown keys are refused with their SHA256 fingerprint, changed keys always.
 *
 * <p><b>Failures.</b> Each becomes one sentence: unreachable, refused or timed out ({@code
 * DESTINATION_UNREACHABLE}), login refused or a secret file readable by others ({@code
 * CREDENTIALS_REFUSED}), host key ({@code HOST_KEY_NOT_TRUSTED}), permission denied ({@code
 * DESTINATION_UNAVAILABLE}), no space ({@code NO_SPACE}); a missing object is a {@code
 * NoSuchFileException}. A session that dropped is reconnected once, transparently. Names read from
 * the server are untrusted: only plain names of regular files are listed, links are never followed.
 */
package app.lifeboat.core.sftp;
