package app.lifeboat.core.sqlite;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns SQLite's error codes into one-sentence messages that say what to do. */
public final class SqliteErrors {
    private SqliteErrors() {}

    /** @param verb what we were doing with the file, e.g. "read" or "restore into" */
    public static LifeboatException translate(SQLException e, Path file, String verb) {
        int code = e instanceof SQLiteException se ? se.getResultCode().code & 0xff : e.getErrorCode() & 0xff;
        String msg = switch (code) {
            case 5, 6 -> "the database " + file + " is locked by another program — close that program or try again in a moment";
            case 8 -> "cannot " + verb + " " + file + ": it is read-only — check its permissions";
            case 10 -> "a disk error occurred while trying to " + verb + " " + file + " — check the disk";
            case 11 -> "the database " + file + " is damaged (SQLite reports corruption) — restore it from a good backup";
            case 13 -> "the disk is full — free up space and try again";
            case 14 -> "cannot open " + file + " — check that the path exists and is readable";
            case 26 -> "the file " + file + " is not a SQLite database, or it is encrypted — check the path";
            default -> "SQLite failed to " + verb + " " + file + " (" + firstLine(e.getMessage()) + ") — run with --debug for details";
        };
        ErrorCode ec = switch (code) {
            case 5, 6 -> ErrorCode.BUSY;
            case 13 -> ErrorCode.NO_SPACE;
            case 11, 26 -> ErrorCode.NOT_A_DATABASE;
            case 14 -> ErrorCode.NOT_FOUND;
            default -> ErrorCode.IO_ERROR;
        };
        return new LifeboatException(ec, msg, e);
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
