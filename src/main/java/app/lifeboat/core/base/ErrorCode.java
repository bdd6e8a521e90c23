package app.lifeboat.core.base;

/** Machine-readable kinds of failure, so callers can map them to exit codes or UI actions. */
public enum ErrorCode {
    /** The user asked for something malformed: a bad name, option or argument. */
    INVALID_ARGUMENT,
    /** A named database, backup or file does not exist. */
    NOT_FOUND,
    /** A name or target already exists. */
    ALREADY_EXISTS,
    /** The file exists but is not a SQLite database (or is encrypted and cannot be read). */
    NOT_A_DATABASE,
    /** A backup failed its checks. */
    VERIFICATION_FAILED,
    /** The destination is missing, not writable, or full. */
    DESTINATION_UNAVAILABLE,
    /** A remote destination could not be reached: offline, refused, timed out, or the server failed. */
    DESTINATION_UNREACHABLE,
    /** A remote destination refused the credentials, or they could not be found. */
    CREDENTIALS_REFUSED,
    /** An SSH server's host key is unknown or changed, so the connection was not trusted. */
    HOST_KEY_NOT_TRUSTED,
    /** Not enough free space. */
    NO_SPACE,
    /** Another process holds a lock we need. */
    BUSY,
    /** Metadata or settings on disk could not be read. */
    MALFORMED_METADATA,
    /** A key, identity or passphrase is needed and none was given. */
    KEY_UNAVAILABLE,
    /** The given key, identity or passphrase does not open the data. */
    WRONG_KEY,
    /** The operation was cancelled by the user; nothing partial was left behind. */
    CANCELLED,
    /** Anything else going wrong with the file system or SQLite. */
    IO_ERROR
}
