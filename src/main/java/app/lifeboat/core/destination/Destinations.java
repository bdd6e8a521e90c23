package app.lifeboat.core.destination;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.KeyringEntries;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.LocalFolderDestination;
import app.lifeboat.core.keyring.SystemKeyring;
import app.lifeboat.core.s3.S3Credentials;
import app.lifeboat.core.s3.S3Destination;
import app.lifeboat.core.s3.S3Location;
import app.lifeboat.core.s3.S3Options;
import app.lifeboat.core.sftp.SftpAuth;
import app.lifeboat.core.sftp.SftpDestination;
import app.lifeboat.core.sftp.SftpLocation;
import app.lifeboat.core.sftp.SftpOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a named destination as the {@link Destination} its URL names. */
public final class Destinations {
    /** Looked up when something is logged, so that a command logging nothing never sets up logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(Destinations.class);
    }

    private final LifeboatHome home;
    private final Map<String, String> env;
    private final SystemKeyring keyring;
    private final Set<String> noticed = ConcurrentHashMap.newKeySet();

    public Destinations(LifeboatHome home, Map<String, String> env, SystemKeyring keyring) {
        this.home = home;
        this.env = env;
        this.keyring = keyring;
    }

    /** The keyring destination secrets are kept in. */
    public SystemKeyring keyring() {
        return keyring;
    }

    /** The destination's root; a database's backups are in {@code within(name)} of it. */
    public Destination open(DestinationSettings d) {
        return switch (d.kind()) {
            case FOLDER -> new LocalFolderDestination(Path.of(d.url()));
            case S3 -> new S3Destination(s3Location(d), s3Credentials(d), scratchOf(d), stateOf(d),
                    S3Options.defaults().withEnv(env));
            case SFTP -> new SftpDestination(sftpOptions(d), env, scratchOf(d));
        };
    }

    static S3Location s3Location(DestinationSettings d) {
        if (d.endpoint() != null) {
            checkEndpoint(d.endpoint()); // settings edited by hand are checked as strictly as when added
        }
        return S3Location.parse(d.url(), d.endpoint() == null ? null : URI.create(d.endpoint()), d.region(),
                Boolean.TRUE.equals(d.pathStyle()));
    }

    private S3Credentials s3Credentials(DestinationSettings d) {
        S3Credentials configured = configuredS3Credentials(d);
        KeyringEntries k = d.keyring();
        if (k == null || !k.hasS3Keys()) {
            return configured;
        }
        String fallback = d.credentialsFile() != null || d.profile() != null ? configured.describe()
                : present("AWS_ACCESS_KEY_ID") && present("AWS_SECRET_ACCESS_KEY") ? "the AWS environment variables"
                : present("AWS_PROFILE") ? "the AWS profile " + env.get("AWS_PROFILE") : null;
        return new S3Credentials.Stored(secret(d, k.accessKeyId(), "access key id", fallback),
                secret(d, k.secretAccessKey(), "secret access key", fallback), configured);
    }

    private boolean present(String variable) {
        String v = env.get(variable);
        return v != null && !v.isBlank();
    }

    private KeyringSecret secret(DestinationSettings d, String account, String what, String fallback) {
        return account == null ? null : new KeyringSecret(keyring, account, d.name(), what, fallback, this::notice);
    }

    /** Once per destination and process: a scheduled run logs each fallback once, not at every connection. */
    private void notice(String sentence) {
        if (noticed.add(sentence)) {
            log().warn("{}", sentence);
        }
    }

    private static S3Credentials configuredS3Credentials(DestinationSettings d) {
        if (d.credentialsFile() != null) {
            return d.profile() == null ? S3Credentials.file(Path.of(d.credentialsFile()))
                    : new S3Credentials.File(Path.of(d.credentialsFile()), d.profile());
        }
        return d.profile() != null ? S3Credentials.profile(d.profile()) : S3Credentials.defaultChain();
    }

    private SftpOptions sftpOptions(DestinationSettings d) {
        boolean password = d.passwordEnv() != null || d.passwordFile() != null;
        KeyringEntries k = d.keyring() == null ? new KeyringEntries(null, null, null, null) : d.keyring();
        password |= k.password() != null;
        String passwordFallback = d.passwordFile() != null ? "the file " + d.passwordFile()
                : d.passwordEnv() != null && present(d.passwordEnv()) ? "the environment variable " + d.passwordEnv()
                : d.identityFile() != null ? "the identity file alone" : null;
        SftpAuth auth = new SftpAuth(d.identityFile() == null ? null : Path.of(d.identityFile()), null, null,
                d.identityFile() == null && !password, d.passwordEnv(),
                d.passwordFile() == null ? null : Path.of(d.passwordFile()),
                secret(d, k.passphrase(), "identity file passphrase", null),
                secret(d, k.password(), "password", passwordFallback));
        return new SftpOptions(d.name(), SftpLocation.parse(d.url()), auth,
                d.knownHosts() == null ? null : Path.of(d.knownHosts()), home.root().resolve("known_hosts"), d.hostKey(),
                null);
    }

    /** A private folder for files staged for or downloaded from {@code d}. */
    Path scratchOf(DestinationSettings d) {
        return home.root().resolve("tmp").resolve("destinations").resolve(d.name());
    }

    /** A private folder for what must survive a crash while talking to {@code d} (multipart upload ids). */
    Path stateOf(DestinationSettings d) {
        return home.root().resolve("state").resolve("destinations").resolve(d.name());
    }

    Map<String, String> env() {
        return env;
    }

    /** Refuses a URL or option that cannot name a destination of its kind, before it is saved. */
    static void checkUrl(DestinationSettings d) {
        boolean s3Options = d.endpoint() != null || d.region() != null || d.pathStyle() != null || d.profile() != null
                || d.credentialsFile() != null || (d.keyring() != null && (d.keyring().accessKeyId() != null
                || d.keyring().secretAccessKey() != null));
        boolean sftpOptions = d.identityFile() != null || d.knownHosts() != null || d.passwordEnv() != null
                || d.passwordFile() != null || d.hostKey() != null || (d.keyring() != null && (d.keyring().password() != null
                || d.keyring().passphrase() != null));
        switch (d.kind()) {
            case FOLDER -> {
                if (s3Options || sftpOptions) {
                    throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "a folder destination takes no S3 or SFTP"
                            + " options", Remedy.DESTINATION_OPTIONS);
                }
            }
            case S3 -> {
                if (sftpOptions) {
                    throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "an S3 destination takes no SFTP options",
                            Remedy.DESTINATION_OPTIONS);
                }
                if (d.endpoint() != null) {
                    checkEndpoint(d.endpoint());
                }
                if (d.keyring() != null && !d.keyring().hasS3Keys()) {
                    throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "an S3 destination keeps both its access key id"
                            + " and its secret access key in the keyring, or neither", Remedy.DESTINATION_OPTIONS);
                }
                s3Location(d);
            }
            case SFTP -> {
                if (s3Options) {
                    throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "an SFTP destination takes no S3 options",
                            Remedy.DESTINATION_OPTIONS);
                }
                SftpLocation.parse(d.url());
            }
        }
    }

    private static void checkEndpoint(String endpoint) {
        try {
            URI u = new URI(endpoint);
            if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                throw new URISyntaxException(endpoint, "an http:// or https:// address is needed");
            }
        } catch (URISyntaxException e) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "the endpoint '" + endpoint + "' is not valid ("
                    + e.getReason() + ")", Remedy.DESTINATION_OPTIONS);
        }
    }
}
