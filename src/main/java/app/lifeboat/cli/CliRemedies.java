package app.lifeboat.cli;

import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The CLI's words for the engine's remedy kinds: flags and commands, in one table. */
final class CliRemedies {
    private static final Map<Remedy, String> TABLE = new EnumMap<>(Remedy.class);

    static {
        TABLE.put(Remedy.CHOOSE_ANOTHER_NAME, "choose another name with --name");
        TABLE.put(Remedy.LIST_DATABASES, "see 'lifeboat databases' for the registered names");
        TABLE.put(Remedy.CHANGE_SETTINGS, "change it with 'lifeboat set {0}'");
        TABLE.put(Remedy.SET_KEY_SOURCE, "give its key with --key-env VAR or --key-file FILE, or run in a terminal to be asked");
        TABLE.put(Remedy.PROVIDE_KEY_SOURCE, "set {1}, or run in a terminal to be asked");
        TABLE.put(Remedy.DROP_KEY_SETTINGS, "drop --key-env/--key-file/--cipher/--legacy");
        TABLE.put(Remedy.NAME_CIPHER, "check the key, or name the scheme with --cipher and --legacy (see 'lifeboat add --help')");
        TABLE.put(Remedy.GIVE_IDENTITY, "give the identity file with --identity FILE or the passphrase with --passphrase-env VAR");
        TABLE.put(Remedy.GENERATE_IDENTITY, "make one with 'lifeboat keygen FILE' (or age-keygen) and use its public key");
        TABLE.put(Remedy.REKEY_BACKUPS, "give the old key, or replace the old backups with 'lifeboat rekey-backups {0}'");
        TABLE.put(Remedy.CHOOSE_DESTINATION, "connect the drive, create the folder, or choose another with 'lifeboat set {0} --dest DIR'");
        TABLE.put(Remedy.CHOOSE_ANOTHER_BACKUP, "choose another backup (see 'lifeboat list {0}')");
        TABLE.put(Remedy.UNPIN_FIRST, "unpin it first with 'lifeboat unpin {0} {1}'");
        TABLE.put(Remedy.BACK_UP_FIRST, "run 'lifeboat backup {0}'");
        TABLE.put(Remedy.FORCE, "use --force to take another");
        TABLE.put(Remedy.TURN_OFF_ENCRYPTION_FIRST, "drop one, or use --no-encrypt first");
        TABLE.put(Remedy.UPDATE_SOURCE_PATH, "check the path, or update it with 'lifeboat set NAME --source FILE'");
        TABLE.put(Remedy.RESTORE_SAFETY_COPY, "restore the pre-restore backup listed by 'lifeboat list {0}'");
        TABLE.put(Remedy.CLOSE_PROGRAM_AND_RETRY, "close {0} and run the restore again");
        TABLE.put(Remedy.REPAIR_METADATA, "repair or remove the metadata file that names it ('lifeboat list' warns about it)");
        TABLE.put(Remedy.CONFIRM_HOST_KEY,
                "compare {1} with the fingerprint the server owner gives, then accept it with"
                + " 'lifeboat destination test {0} --accept-host-key {1}'");
        TABLE.put(Remedy.HOST_KEY_CHANGED,
                "ask the owner of {0} whether its key changed; if so, remove the old key from the known hosts file");
        TABLE.put(Remedy.DESTINATION_OPTIONS, "see 'lifeboat destination add --help' for the options of each kind");
        TABLE.put(Remedy.LIST_DESTINATIONS, "see 'lifeboat destination list' for the registered names");
        TABLE.put(Remedy.KEEP_SECRET_ELSEWHERE, "keep it in a 0600 file or an environment variable instead (--password-file or"
                + " --password-env for SFTP; --credentials-file, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for S3),"
                + " or run where a desktop session has the keyring unlocked");
        TABLE.put(Remedy.STORE_IN_KEYRING, "store it again with 'lifeboat destination set {0}' and --password-keyring,"
                + " --passphrase-keyring or --keys-keyring");
        TABLE.put(Remedy.SEE_DETAILS, "run again with --debug for the details");
    }

    private CliRemedies() {}

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    private static boolean needsMoreArguments(String pattern, int given) {
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) >= given) {
                return true;
            }
        }
        return false;
    }

    /** The sentence the CLI prints: the problem, a dash, and the remedy in flags and commands. */
    static String render(LifeboatException e) {
        if (e.remedy() == Remedy.NONE) {
            return e.getMessage();
        }
        String pattern = TABLE.get(e.remedy());
        if (pattern != null && needsMoreArguments(pattern, e.remedyArgs().size())) {
            pattern = null; // raised where the database's name is not known: the plain sentence, never a bare {0}
        }
        String remedy = pattern == null ? e.remedy().sentence(e.remedyArgs().toArray())
                : new MessageFormat(pattern.replace("'", "''"), Locale.ROOT).format(e.remedyArgs().toArray());
        return e.problem() + " — " + remedy;
    }
}
