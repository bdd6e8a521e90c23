package app.lifeboat.core.s3;

import app.lifeboat.core.base.StoredSecret;
import app.lifeboat.core.io.Destination;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the credentials for a bucket come from: only this reference is kept in settings, never a
 * key or secret. Each kind reads the AWS conventions, so a setup that works with the AWS CLI or
 * rclone works here.
 */
public sealed interface S3Credentials {
    /** Where the credentials come from, for messages: never the credentials themselves. */
    String describe();

    /** The usual chain, as a person would have set up for the AWS CLI. */
    static S3Credentials defaultChain() {
        return new DefaultChain();
    }

    /** A named profile of {@code ~/.aws/credentials} and {@code ~/.aws/config}. */
    static S3Credentials profile(String name) {
        return new Profile(name);
    }

    /** A private (0600) file in the AWS credentials-file format, with its {@code [default]} profile. */
    static S3Credentials file(Path path) {
        return new File(path, "default");
    }

    /**
     * The environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, optional
     * {@code AWS_SESSION_TOKEN}), then the profile {@code AWS_PROFILE} names (or {@code default})
     * in {@code ~/.aws/credentials} and {@code ~/.aws/config}. Instance and container metadata
     * servers are not asked: this is a desktop program, and asking them costs seconds offline.
     */
    record DefaultChain() implements S3Credentials {
        @Override
        public String describe() {
            return "the AWS environment variables or the AWS profile files";
        }
    }

    /** A named profile of the AWS profile files (static keys or a {@code credential_process}). */
    record Profile(String name) implements S3Credentials {
        public Profile {
            if (name == null || name.isBlank() || !Destination.isPlainName(name)) {
                throw S3Location.invalid("the AWS profile name " + Destination.quoteName(name) + " is not valid");
            }
        }

        @Override
        public String describe() {
            return "the AWS profile '" + name + "'";
        }
    }

    /**
     * A file the user names, in the AWS credentials-file format, which must be private (0600): a
     * file that other users can read is refused, as ssh refuses such a key.
     */
    record File(Path path, String profile) implements S3Credentials {
        public File {
            Objects.requireNonNull(path, "path");
            path = path.toAbsolutePath().normalize();
            profile = profile == null ? "default" : profile;
            if (profile.isBlank() || !Destination.isPlainName(profile)) {
                throw S3Location.invalid("the profile name " + Destination.quoteName(profile) + " is not valid");
            }
        }

        @Override
        public String describe() {
            return "the credentials file " + path + ("default".equals(profile) ? "" : " (profile '" + profile + "')");
        }
    }

    /**
     * An access key id and secret kept outside the settings (the OS keyring), read when the client
     * is built; when either read gives nothing, {@code fallback} is used instead.
     */
    record Stored(StoredSecret accessKeyId, StoredSecret secretAccessKey, S3Credentials fallback) implements S3Credentials {
        public Stored {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            Objects.requireNonNull(fallback, "fallback");
        }

        @Override
        public String describe() {
            return accessKeyId.describe() + " and " + secretAccessKey.describe() + " (without the keyring, "
                    + fallback.describe() + ")";
        }
    }
}
