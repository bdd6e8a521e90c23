package app.lifeboat.core.destination;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.base.StoredSecret;
import app.lifeboat.core.keyring.KeyringUnavailableException;
import app.lifeboat.core.keyring.SystemKeyring;
import java.util.function.Consumer;

/**
 * One secret of a destination in the OS keyring. When the keyring cannot be had here (a scheduled
 * run has no desktop session) and the settings name another source, that source stands in and the
 * log says so once; when none does, the error names the file or the environment as the way out.
 *
 * @param keyring the keyring to ask
 * @param account the entry's account name under the service {@code lifeboat}
 * @param destination the destination's name, for messages
 * @param what the secret in words ("password"), for messages
 * @param fallback the other source in words ("the file /x"), or null when there is none
 * @param notice told once per destination and process when the fallback stands in
 */
record KeyringSecret(SystemKeyring keyring, String account, String destination, String what, String fallback,
        Consumer<String> notice) implements StoredSecret {

    @Override
    public char[] read() {
        char[] secret;
        try {
            secret = keyring.read(account);
        } catch (KeyringUnavailableException e) {
            if (fallback != null) {
                notice.accept("the system keyring is not available (" + e.getMessage() + "), so the " + what + " for "
                        + destination + " comes from " + fallback);
                return null;
            }
            throw new LifeboatException(ErrorCode.KEY_UNAVAILABLE, "the " + what + " for " + destination
                    + " is kept in the system keyring, which is not available here: " + e.getMessage(), e,
                    Remedy.KEEP_SECRET_ELSEWHERE, destination);
        }
        if (secret == null && fallback == null) {
            throw new LifeboatException(ErrorCode.CREDENTIALS_REFUSED, "the system keyring has no entry '" + account
                    + "' (service " + SystemKeyring.SERVICE + ") with the " + what + " for " + destination,
                    Remedy.STORE_IN_KEYRING, destination);
        }
        if (secret == null) {
            notice.accept("the system keyring has no entry '" + account + "', so the " + what + " for " + destination
                    + " comes from " + fallback);
        }
        return secret;
    }

    @Override
    public String describe() {
        return "the system keyring entry '" + account + "'";
    }

    @Override
    public String toString() {
        return "KeyringSecret[" + account + "]";
    }
}
