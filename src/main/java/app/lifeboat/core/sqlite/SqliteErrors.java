package app.lifeboat.core.sqlite;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one place SQLite's result codes become what the user reads: a problem, an error code and a
 * remedy kind. Both the JDBC exceptions and the backup API's bare return codes come through here,
 * matched by the driver's named constants on the primary code (extended codes carry it in the low byte).
 */
public final class SqliteErrors {
    private SqliteErrors() {}

    /** @param verb what we were doing with the file, e.g. "read" or "restore into" */
    public static LifeboatException translate(SQLException e, Path file, String verb) {
        int code = e instanceof SQLiteException se ? se.getResultCode().code : e.getErrorCode();
        return fromResultCode(code, file, verb, firstLine(e.getMessage()), e);
    }

    /** For APIs that return a result code instead of throwing, such as the online backup API. */
    public static LifeboatException fromResultCode(int resultCode, Path file, String verb) {
        return fromResultCode(resultCode, file, verb, "result code " + resultCode, null);
    }

    private static LifeboatException fromResultCode(int resultCode, Path file, String verb, String detail, Throwable cause) {
        SQLiteErrorCode primary = SQLiteErrorCode.getErrorCode(resultCode & 0xff);
        switch (primary) {
            case SQLITE_BUSY, SQLITE_LOCKED:
                return new LifeboatException(ErrorCode.BUSY, "the database " + file + " is locked by another program",
                        cause, Remedy.TRY_AGAIN);
            case SQLITE_READONLY:
                return new LifeboatException(ErrorCode.IO_ERROR, "cannot " + verb + " " + file + ": it is read-only",
                        cause, Remedy.CHECK_PERMISSIONS);
            case SQLITE_IOERR:
                return new LifeboatException(ErrorCode.IO_ERROR, "a disk error occurred while trying to " + verb + " "
                        + file, cause, Remedy.CHECK_DISK);
            case SQLITE_CORRUPT:
                return new LifeboatException(ErrorCode.NOT_A_DATABASE, "the database " + file
                        + " is damaged (SQLite reports corruption)", cause, Remedy.RESTORE_FROM_BACKUP);
            case SQLITE_FULL:
                return new LifeboatException(ErrorCode.NO_SPACE, "the disk is full while trying to " + verb + " "
                        + file, cause, Remedy.FREE_SPACE);
            case SQLITE_CANTOPEN:
                return new LifeboatException(ErrorCode.NOT_FOUND, "cannot open " + file, cause, Remedy.CHECK_PATH);
            case SQLITE_NOTADB:
                return new LifeboatException(ErrorCode.NOT_A_DATABASE, "the file " + file
                        + " is not a SQLite database, or it is encrypted", cause, Remedy.CHECK_PATH);
            default:
                return new LifeboatException(ErrorCode.IO_ERROR, "SQLite failed to " + verb + " " + file + " (" + detail
                        + ")", cause, Remedy.SEE_DETAILS);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static boolean is(SQLException e, SQLiteErrorCode code) {
        return e instanceof SQLiteException se && (se.getResultCode().code & 0xff) == (code.code & 0xff);
    }
}
