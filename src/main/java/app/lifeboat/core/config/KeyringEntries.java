package app.lifeboat.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Which secrets of a destination are kept in the OS keyring, each by the account name of its entry
 * under the service {@code lifeboat}. Only these names are in the settings, never a secret.
 *
 * @param accessKeyId S3: the access key id's entry, or null
 * @param secretAccessKey S3: the secret access key's entry, or null
 * @param password SFTP: the password's entry, or null
 * @param passphrase SFTP: the identity file passphrase's entry, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyringEntries(String accessKeyId, String secretAccessKey, String password, String passphrase) {
    /** The usual account name of {@code destination}'s {@code field}, e.g. {@code nas/password}. */
    public static String account(String destination, String field) {
        return destination + "/" + field;
    }

    /** Whether any secret is named; an empty value is written as no keyring at all. */
    public boolean isEmpty() {
        return accessKeyId == null && secretAccessKey == null && password == null && passphrase == null;
    }

    /** S3: whether both halves of the key are named (one without the other cannot sign a request). */
    public boolean hasS3Keys() {
        return accessKeyId != null && secretAccessKey != null;
    }

    /** Null when nothing is named, so the settings file has no empty {@code keyring} object. */
    public static KeyringEntries orNull(KeyringEntries k) {
        return k == null || k.isEmpty() ? null : k;
    }
}
