package app.lifeboat.core.keyring;

/**
 * The OS keyring as Lifeboat uses it: secrets filed under one service by account name. Every call
 * may find the keyring unavailable (no desktop session, no keyring service, locked and nobody to
 * unlock it) and then throws {@link KeyringUnavailableException}.
 */
public interface SystemKeyring {
    /** The service every Lifeboat entry is filed under. */
    String SERVICE = "lifeboat";

    /** Null when the keyring can be used now, else one sentence saying why not. Asks the keyring once. */
    String unavailableReason();

    /** The secret stored for {@code account}, or null when there is no such entry. */
    char[] read(String account);

    /** Stores {@code secret} for {@code account}, replacing an entry of that name. */
    void write(String account, char[] secret);

    /** Deletes {@code account}'s entry; an entry that is not there is not an error. */
    void delete(String account);

    /** A keyring that is never available, for {@code reason}: where no desktop session can have one. */
    static SystemKeyring none(String reason) {
        return new SystemKeyring() {
            @Override
            public String unavailableReason() {
                return reason;
            }

            @Override
            public char[] read(String account) {
                throw new KeyringUnavailableException(reason);
            }

            @Override
            public void write(String account, char[] secret) {
                throw new KeyringUnavailableException(reason);
            }

            @Override
            public void delete(String account) {
                throw new KeyringUnavailableException(reason);
            }
        };
    }
}
