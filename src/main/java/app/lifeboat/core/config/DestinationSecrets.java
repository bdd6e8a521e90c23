package app.lifeboat.core.config;

/**
 * Secrets a person gives when adding or changing a destination, to be kept in the OS keyring (the
 * settings then name the entries). Each may be null: only what is given is stored.
 *
 * @param accessKeyId S3: the access key id
 * @param secretAccessKey S3: the secret access key
 * @param password SFTP: the password
 * @param passphrase SFTP: the identity file's passphrase
 */
public record DestinationSecrets(char[] accessKeyId, char[] secretAccessKey, char[] password, char[] passphrase) {
    /** Nothing to store. */
    public static DestinationSecrets none() {
        return new DestinationSecrets(null, null, null, null);
    }

    /** Whether nothing is given. */
    public boolean isEmpty() {
        return accessKeyId == null && secretAccessKey == null && password == null && passphrase == null;
    }

    /** The entries {@code destination}'s settings name for what is given here, over {@code old} (may be null). */
    public KeyringEntries entriesOver(String destination, KeyringEntries old) {
        KeyringEntries o = old == null ? new KeyringEntries(null, null, null, null) : old;
        return KeyringEntries.orNull(new KeyringEntries(
                accessKeyId != null ? KeyringEntries.account(destination, "access-key-id") : o.accessKeyId(),
                secretAccessKey != null ? KeyringEntries.account(destination, "secret-access-key") : o.secretAccessKey(),
                password != null ? KeyringEntries.account(destination, "password") : o.password(),
                passphrase != null ? KeyringEntries.account(destination, "passphrase") : o.passphrase()));
    }

    @Override
    public String toString() {
        return "DestinationSecrets[hidden]";
    }
}
