package app.lifeboat.core.s3;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * One client for a bucket, shared by a destination and its nested namespaces: built on first use
 * (so a destination can be constructed offline) and closed by closing any of them; a later call
 * builds it again. So {@code root.within(db)} can be used and closed alone without leaking the
 * connection pool, and closing a nested namespace does not break its parent.
 */
final class S3Connection implements AutoCloseable {
    final S3Location root;
    final S3Credentials credentials;
    final S3Options options;
    final S3Errors errors;
    final UploadStates states;
    final Path scratchRoot;
    private S3Client client;

    S3Connection(S3Location location, S3Credentials credentials, S3Options options, Path scratchRoot, Path stateFolder) {
        this.root = withEnvironmentEndpoint(location, options);
        this.credentials = credentials;
        this.options = options;
        this.errors = new S3Errors(root.describe(), credentials.describe());
        this.states = new UploadStates(stateFolder.toAbsolutePath().normalize());
        this.scratchRoot = scratchRoot.toAbsolutePath().normalize();
    }

    /** The endpoint the location names, else {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}. */
    private static S3Location withEnvironmentEndpoint(S3Location location, S3Options options) {
        if (location.endpoint() != null) {
            return location;
        }
        for (String variable : new String[] {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}) {
            String value = options.env().get(variable);
            if (value != null && !value.isBlank()) {
                try {
                    return new S3Location(location.bucket(), location.prefix(), new URI(value.trim()), location.region(),
                            location.pathStyle());
                } catch (URISyntaxException e) {
                    throw S3Location.invalid("the endpoint in " + variable + " is not an address: write it as https://host[:port]");
                }
            }
        }
        return location;
    }

    synchronized S3Client client() {
        if (client == null) {
            client = build();
        }
        return client;
    }

    private S3Client build() {
        AwsCredentialsProvider provider = provider();
        try {
            provider.resolveCredentials(); // fails here, with a clear sentence, rather than inside the first request
        } catch (SdkException | IllegalStateException e) {
            throw errors.missingCredentials(e, "connect");
        }
        StandardRetryStrategy retries = AwsRetryStrategy.configure(StandardRetryStrategy.builder())
                .maxAttempts(options.requestAttempts())
                .circuitBreakerEnabled(false) // a long upload must not give up because earlier parts were retried
                .build();
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(region()))
                .credentialsProvider(provider)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(options.connectTimeout())
                        .socketTimeout(options.socketTimeout())
                        .tcpKeepAlive(true)
                        .maxConnections(Math.max(8, 2 * options.partConcurrency())))
                // The SDK's default since 2.30 sends aws-chunked bodies with CRC trailers, which many
                // non-AWS stores refuse or store mangled; Lifeboat sends Content-MD5 and SHA-256 itself.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .forcePathStyle(root.pathStyle())
                .overrideConfiguration(o -> o.retryStrategy(retries));
        if (root.endpoint() != null) {
            b.endpointOverride(root.endpoint());
        }
        return b.build();
    }

    private AwsCredentialsProvider provider() {
        return provider(credentials);
    }

    private AwsCredentialsProvider provider(S3Credentials credentials) {
        if (credentials instanceof S3Credentials.Stored k) {
            char[] id = k.accessKeyId().read();
            char[] secret = id == null ? null : k.secretAccessKey().read();
            if (id != null && secret != null) {
                return StaticCredentialsProvider.create(AwsBasicCredentials.create(new String(id), new String(secret)));
            }
            return provider(k.fallback());
        }
        if (credentials instanceof S3Credentials.Profile p) {
            return ProfileCredentialsProvider.builder().profileName(p.name()).build();
        }
        if (credentials instanceof S3Credentials.File f) {
            checkPrivate(f.path());
            ProfileFile file;
            try {
                file = ProfileFile.builder().content(f.path()).type(ProfileFile.Type.CREDENTIALS).build();
            } catch (RuntimeException e) {
                throw new LifeboatException(ErrorCode.CREDENTIALS_REFUSED, "the credentials file " + f.path()
                        + " could not be read as an AWS credentials file", e, Remedy.CHECK_CREDENTIALS, root.describe());
            }
            return ProfileCredentialsProvider.builder().profileFile(file).profileName(f.profile()).build();
        }
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(SystemPropertyCredentialsProvider.create(),
                        EnvironmentVariableCredentialsProvider.create(), ProfileCredentialsProvider.create())
                .reuseLastProviderEnabled(true)
                .build();
    }

    /** Refuses a credentials file that other users can read or change, as ssh refuses such a key. */
    static void checkPrivate(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LifeboatException(ErrorCode.CREDENTIALS_REFUSED, "the credentials file " + file
                    + " does not exist or is not a file", Remedy.CHECK_PATH, file.toString());
        }
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return; // Windows: the profile folder's ACL keeps it private
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.CREDENTIALS_REFUSED, "the permissions of the credentials file " + file
                    + " could not be read", e, Remedy.CHECK_PERMISSIONS, file.toString());
        }
        for (PosixFilePermission p : perms) {
            if (!p.name().startsWith("OWNER_")) {
                throw new LifeboatException(ErrorCode.CREDENTIALS_REFUSED, "the credentials file " + file
                        + " can be read or changed by other users (" + PosixFilePermissions.toString(perms)
                        + "), so it is not used; make it private to you (chmod 600)", Remedy.CHECK_PERMISSIONS,
                        file.toString());
            }
        }
    }

    /** The location's region, else the environment's, else the profile's, else us-east-1. */
    private String region() {
        if (root.region() != null) {
            return root.region();
        }
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = options.env().get(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return profileRegion().orElse("us-east-1");
    }

    private Optional<String> profileRegion() {
        S3Credentials credentials = this.credentials instanceof S3Credentials.Stored k ? k.fallback() : this.credentials;
        try {
            if (credentials instanceof S3Credentials.File f) {
                return ProfileFile.builder().content(f.path()).type(ProfileFile.Type.CREDENTIALS).build()
                        .profile(f.profile()).flatMap(p -> p.property("region"));
            }
            String profile = credentials instanceof S3Credentials.Profile p ? p.name()
                    : options.env().getOrDefault("AWS_PROFILE", "default");
            return ProfileFile.defaultProfileFile().profile(profile).flatMap(p -> p.property("region"));
        } catch (RuntimeException e) {
            return Optional.empty(); // no or unreadable AWS config: the credentials step says so if it matters
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
