package app.lifeboat.core.base;

import java.text.MessageFormat;
import java.util.Locale;

/**
 * What a person can do about a failure, as a kind rather than words: the engine names no
 * command-line flag or command. The CLI renders each kind as flags and commands, the GUI as a
 * sentence from its message bundle and, where one exists, a button that does it. Each kind also
 * has a plain sentence for logs and for callers that render nothing themselves; its arguments
 * ({0}, {1}) are the database name, a backup id, a path or a variable, as each kind documents.
 */
public enum Remedy {
    /** Nothing beyond what the problem says. */
    NONE(""),
    /** {0}: database. Another name for the database being added. */
    CHOOSE_ANOTHER_NAME("choose another name"),
    /** See which databases are registered. */
    LIST_DATABASES("check the name among the registered databases"),
    /** {0}: database. Change that database's settings instead of adding it again. */
    CHANGE_SETTINGS("change the settings of {0} instead"),
    /** {0}: database. Say where the database key is kept, or give it when asked. */
    SET_KEY_SOURCE("name the environment variable or key file that holds the key of {0}, or give it when asked"),
    /** {0}: database, {1}: the variable or file that is not available. */
    PROVIDE_KEY_SOURCE("set {1}, or give the key when asked"),
    /** The file is a plain database: drop the key and cipher settings. */
    DROP_KEY_SETTINGS("add it without a key or cipher"),
    /** Check the key, or name the cipher scheme and its compatibility level. */
    NAME_CIPHER("check the key, or name the cipher scheme and its compatibility level"),
    /** {0}: the age identity file or passphrase that opens a backup. */
    GIVE_IDENTITY("give the identity file or the passphrase the backup was encrypted with"),
    /** Make a new age identity. */
    GENERATE_IDENTITY("make a new identity and use its public key"),
    /** {0}: database. Replace backups under an old key with one fresh backup. */
    REKEY_BACKUPS("replace the old backups of {0} with one fresh backup under the current key"),
    /** {0}: database. Choose another destination folder. */
    CHOOSE_DESTINATION("connect the drive, create the folder, or choose another destination for {0}"),
    /** {0}: database. Choose another backup. */
    CHOOSE_ANOTHER_BACKUP("choose another backup"),
    /** {0}: database, {1}: backup id. Unpin the backup first. */
    UNPIN_FIRST("unpin backup {1} first"),
    /** {0}: database. Take a backup first. */
    BACK_UP_FIRST("back up {0} first"),
    /** {0}: database. Take another backup even though one was taken today. */
    FORCE("take another backup anyway"),
    /** {0}: database. Turn age encryption off first, then change the compression. */
    TURN_OFF_ENCRYPTION_FIRST("turn backup encryption off first"),
    /** {0}: the path that was not found. Check it, or change the database's path to where the file is now. */
    UPDATE_SOURCE_PATH("check the path, or change the database's path to where the file is now"),
    /** {0}: database. Restore the pre-restore safety copy. */
    RESTORE_SAFETY_COPY("restore the pre-restore safety copy of {0}"),
    /** Close the program that holds the database, or try again when it is idle. */
    TRY_AGAIN("close the program that uses it, or try again when it is idle"),
    /** {0}: the programs that hold the database, in words. Close them, then try again. */
    CLOSE_PROGRAM_AND_RETRY("close {0} and try again"),
    /** Wait for the running operation on that database to finish, then try again. */
    WAIT_AND_RETRY("wait for it to finish and try again"),
    /** Free up space on the disk named in the problem. */
    FREE_SPACE("free up space and try again"),
    /** Check the file's or folder's permissions. */
    CHECK_PERMISSIONS("check its permissions"),
    /** Check the disk. */
    CHECK_DISK("check the disk"),
    /** Check that the path exists and is readable. */
    CHECK_PATH("check that the path exists and is readable"),
    /** {0}: database, when known. The file is damaged: restore it from a good backup. */
    RESTORE_FROM_BACKUP("restore it from a good backup"),
    /** The backup metadata that named the file is damaged or was edited: repair or remove it. */
    REPAIR_METADATA("repair or remove the backup metadata file that names it"),
    /** Ask with a statement that only reads. */
    READ_ONLY_QUERY("ask with a statement that only reads, such as SELECT"),
    /** Correct the SQL statement. */
    FIX_QUERY("correct the statement"),
    /** Give only the address and options that belong to that kind of destination. */
    DESTINATION_OPTIONS("give the address and only the options of that kind of destination"),
    /** Check the name among the registered destinations. */
    LIST_DESTINATIONS("check the name among the registered destinations"),
    /** {0}: destination. Check the network, the address and that the server runs, then try again. */
    CHECK_CONNECTION("check the network connection and the address of {0}, then try again"),
    /** {0}: destination. Check the credentials (key id, secret, profile, key file or password) for it. */
    CHECK_CREDENTIALS("check the credentials for {0}"),
    /** {0}: destination, {1}: the host key fingerprint. Compare it with the server's and accept it once. */
    CONFIRM_HOST_KEY("compare the fingerprint {1} with the one the owner of the server gives, and accept it if they match"),
    /** {0}: destination. A changed host key may be an attack; confirm with the server's owner first. */
    HOST_KEY_CHANGED("ask the owner of {0} whether its key changed; if it did, remove the old key from the known hosts file"),
    /** {0}: destination. The keyring is not available here: keep that secret in a private file or the environment. */
    KEEP_SECRET_ELSEWHERE("keep that secret of {0} in a private file or an environment variable instead, or use it where"
            + " a desktop session has the keyring unlocked"),
    /** {0}: destination. The keyring has no entry for a secret the settings name: store it again. */
    STORE_IN_KEYRING("store that secret of {0} in the keyring again"),
    /** Look at the log (or the CLI's debug output) for the details. */
    SEE_DETAILS("the log has the details");

    private final String sentence;

    Remedy(String sentence) {
        this.sentence = sentence;
    }

    /** The plain sentence with its arguments, e.g. for logs; empty for {@link #NONE}. */
    public String sentence(Object... args) {
        // Apostrophes are text here, not MessageFormat quotes ("the database's path").
        return new MessageFormat(sentence.replace("'", "''"), Locale.ROOT).format(args);
    }

    /** The stable key a caller renders this kind under, e.g. {@code remedy.choose.another.name}. */
    public String key() {
        return "remedy." + name().toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
