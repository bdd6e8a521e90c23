package app.lifeboat.core.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A named place backups can be copied to: a folder, an S3 bucket prefix or an SFTP folder. Only
 * references to secrets are kept here (a profile, a file, an environment variable), never a secret.
 *
 * @param name how databases and commands refer to it
 * @param url a folder path, {@code s3://bucket/prefix} or {@code sftp://user@host[:port]/path}
 * @param endpoint S3: the service's address for non-AWS stores, null for AWS
 * @param region S3: the region, null for the environment's or the default
 * @param pathStyle S3: address buckets by path rather than by host name (most non-AWS stores)
 * @param profile S3: the AWS profile in {@code ~/.aws/credentials}
 * @param credentialsFile S3: a 0600 file in the AWS credentials format
 * @param identityFile SFTP: the private key file
 * @param knownHosts SFTP: the known hosts file, null for Lifeboat's own
 * @param passwordEnv SFTP: an environment variable holding the password
 * @param passwordFile SFTP: a 0600 file holding the password
 * @param hostKey SFTP: the host key fingerprint ({@code SHA256:...}) the user accepted
 * @param keyring the secrets kept in the OS keyring (by entry name), or null; settings written
 *     before it existed load without it, and older versions keep it as an unknown field
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DestinationSettings(
        String name,
        String url,
        String endpoint,
        String region,
        Boolean pathStyle,
        String profile,
        String credentialsFile,
        String identityFile,
        String knownHosts,
        String passwordEnv,
        String passwordFile,
        String hostKey,
        KeyringEntries keyring,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

    public DestinationSettings {
        keyring = KeyringEntries.orNull(keyring);
        extra = extra == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extra);
    }

    /** A folder destination. */
    public static DestinationSettings folder(String name, String path) {
        return new DestinationSettings(name, path, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The kind of store the URL names. */
    @JsonIgnore
    public Kind kind() {
        return Kind.of(url);
    }

    /** The stores a destination can be. */
    public enum Kind {
        FOLDER, S3, SFTP;

        static Kind of(String url) {
            String u = url == null ? "" : url.toLowerCase(Locale.ROOT);
            return u.startsWith("s3://") ? S3 : u.startsWith("sftp://") ? SFTP : FOLDER;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DestinationSettings withHostKey(String fingerprint) {
        return new DestinationSettings(name, url, endpoint, region, pathStyle, profile, credentialsFile, identityFile,
                knownHosts, passwordEnv, passwordFile, fingerprint, keyring, extra);
    }

    /** The same destination with {@code entries} as its keyring secrets (null: none). */
    public DestinationSettings withKeyring(KeyringEntries entries) {
        return new DestinationSettings(name, url, endpoint, region, pathStyle, profile, credentialsFile, identityFile,
                knownHosts, passwordEnv, passwordFile, hostKey, entries, extra);
    }
}
