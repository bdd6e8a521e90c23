package app.lifeboat.core.s3;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A destination in an S3-compatible bucket (AWS, Backblaze B2, Wasabi, Cloudflare R2, MinIO,
 * Ceph RGW, Garage): objects are the keys directly under the location's prefix. Writes are staged
 * in a private local scratch folder and uploaded at commit, so nothing is visible under a name
 * until its upload is complete and checked; large files go up as resumable multipart uploads
 * whose ids are kept in a local state folder.
 *
 * <p>{@link #removeStaleTemporaries()} removes every staged or downloaded file in this namespace's
 * scratch folder, so, as for a folder, it runs under the database lock when no other writer is
 * active; incomplete uploads on the server are aborted only once they are older than
 * {@link S3Options#staleUploadAge()}.
 */
public final class S3Destination implements Destination {
    private static final Logger LOG = LoggerFactory.getLogger(S3Destination.class);
    private static final int MAX_LISTED = 1_000_000;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final S3Connection conn;
    private final S3Location location;
    private final Path scratch;

    /**
     * @param scratch a private local folder (created 0700) for staged uploads and downloads
     * @param stateFolder a local folder for the ids of multipart uploads in progress, for resume
     */
    public S3Destination(S3Location location, S3Credentials credentials, Path scratch, Path stateFolder) {
        this(location, credentials, scratch, stateFolder, S3Options.defaults());
    }

    public S3Destination(S3Location location, S3Credentials credentials, Path scratch, Path stateFolder,
            S3Options options) {
        this(new S3Connection(location, credentials, options, scratch, stateFolder), null);
    }

    private S3Destination(S3Connection conn, S3Location nested) {
        this.conn = conn;
        this.location = nested == null ? conn.root : nested;
        // One scratch subfolder per namespace, so cleaning one never touches another's files.
        MessageDigest d = Sha256.newDigest();
        d.update(location.keyPrefix().getBytes(StandardCharsets.UTF_8));
        this.scratch = conn.scratchRoot.resolve("ns-" + Sha256.hex(d).substring(0, 16));
    }

    public S3Location location() {
        return location;
    }

    private String keyOf(String name) {
        if (!Destination.isPlainName(name) || name.length() > 900) {
            throw new LifeboatException(ErrorCode.MALFORMED_METADATA, "refusing the name " + Destination.quoteName(name)
                    + " in " + location.describe() + ": only plain names directly under that prefix are read, written"
                    + " or deleted", Remedy.REPAIR_METADATA);
        }
        return location.keyPrefix() + name;
    }

    @Override
    public String describe() {
        return location.describe();
    }

    @Override
    public boolean isAvailable() {
        try {
            conn.client().headBucket(b -> b.bucket(location.bucket()));
            return true;
        } catch (SdkException | LifeboatException e) {
            LOG.info("{} is not available: {}", describe(), e.toString());
            return false;
        }
    }

    @Override
    public boolean isWritable() {
        String probe = FileSafety.TEMP_PREFIX + "probe-" + UUID.randomUUID();
        try {
            writeAtomically(probe, new byte[] {'p'});
            delete(probe);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.info("{} is not writable: {}", describe(), e.toString());
            return false;
        }
    }

    @Override
    public long usableSpaceBytes() {
        return -1; // object stores do not say; a full one answers a write with an error
    }

    @Override
    public List<String> list() throws IOException {
        ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(location.bucket()).prefix(location.keyPrefix())
                .delimiter("/").encodingType(EncodingType.URL).build();
        List<String> names = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : conn.client().listObjectsV2Paginator(req)) {
                for (S3Object o : page.contents()) {
                    String name = nameOf(o.key());
                    if (name != null) {
                        names.add(name);
                    }
                }
                if (names.size() > MAX_LISTED) {
                    throw new LifeboatException(ErrorCode.MALFORMED_METADATA, describe() + " lists more than "
                            + MAX_LISTED + " objects; this is not a Lifeboat destination", Remedy.SEE_DETAILS);
                }
            }
        } catch (SdkException e) {
            throw conn.errors.translate(e, "list the objects");
        }
        names.sort(null);
        return names;
    }

    /** The plain name a listed key stands for, or null: names read from the server are untrusted. */
    private String nameOf(String key) {
        String prefix = location.keyPrefix();
        if (key == null || !key.startsWith(prefix) || key.length() == prefix.length()) {
            return null; // outside the prefix (a server bug), or the prefix's folder marker
        }
        String name = key.substring(prefix.length());
        if (!Destination.isPlainName(name)) {
            LOG.warn("ignoring the object {} in {}: not a plain name", Destination.quoteName(name), describe());
            return null;
        }
        return name.startsWith(FileSafety.TEMP_PREFIX) ? null : name;
    }

    @Override
    public boolean exists(String name) {
        String key = keyOf(name);
        try {
            conn.client().headObject(b -> b.bucket(location.bucket()).key(key));
            return true;
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return false;
            }
            throw conn.errors.translate(e, "look for " + Destination.quoteName(name));
        }
    }

    @Override
    public String locationOf(String name) {
        keyOf(name);
        return location.url() + "/" + name;
    }

    @Override
    public long sizeBytes(String name) throws IOException {
        String key = keyOf(name);
        try {
            Long size = conn.client().headObject(b -> b.bucket(location.bucket()).key(key)).contentLength();
            if (size == null || size < 0) {
                throw new IOException(describe() + " did not report the size of " + Destination.quoteName(name));
            }
            return size;
        } catch (SdkException e) {
            throw notFoundOrTranslated(e, name, "read the size of " + Destination.quoteName(name));
        }
    }

    private RuntimeException notFoundOrTranslated(SdkException e, String name, String doing) throws NoSuchFileException {
        if (S3Errors.isNotFound(e)) {
            throw new NoSuchFileException(locationOf(name));
        }
        return conn.errors.translate(e, doing);
    }

    /**
     * The SHA-256 recorded with the object at upload ({@code lifeboat-sha256}, which HEAD checked
     * after every upload), else a whole-object {@code x-amz-checksum-sha256} the server verified;
     * empty for an object stored some other way. A value that is not 64 hex digits is ignored.
     */
    @Override
    public Optional<String> storedSha256(String name) throws IOException {
        String key = keyOf(name);
        HeadObjectResponse head;
        try {
            head = conn.client().headObject(b -> b.bucket(location.bucket()).key(key).checksumMode(ChecksumMode.ENABLED));
        } catch (SdkException e) {
            throw notFoundOrTranslated(e, name, "read the checksum of " + Destination.quoteName(name));
        }
        String recorded = head.metadata().get(Uploader.SHA256_METADATA);
        if (recorded != null && SHA256_HEX.matcher(recorded).matches()) {
            return Optional.of(recorded.toLowerCase(Locale.ROOT));
        }
        String checksum = head.checksumSHA256();
        if (checksum != null && !checksum.contains("-")) {
            try {
                byte[] raw = Base64.getDecoder().decode(checksum.trim());
                if (raw.length == 32) {
                    return Optional.of(HexFormat.of().formatHex(raw));
                }
            } catch (IllegalArgumentException e) {
                // not base64: tells nothing
            }
        }
        return Optional.empty();
    }

    @Override
    public InputStream open(String name) throws IOException {
        String key = keyOf(name);
        try {
            ResponseInputStream<GetObjectResponse> in = conn.client().getObject(b -> b.bucket(location.bucket()).key(key));
            return new RemoteInputStream(in, conn.errors, "read " + Destination.quoteName(name));
        } catch (SdkException e) {
            throw notFoundOrTranslated(e, name, "read " + Destination.quoteName(name));
        }
    }

    @Override
    public LocalCopy localCopy(String name) throws IOException {
        String key = keyOf(name);
        FileSafety.createPrivateDirectories(scratch);
        Path temp = FileSafety.tempPathIn(scratch, "download");
        FileSafety.createPrivateFile(temp);
        boolean ok = false;
        try {
            S3Download.toFile(conn, location.bucket(), key, name, temp, describe());
            ok = true;
        } catch (SdkException e) {
            throw notFoundOrTranslated(e, name, "download " + Destination.quoteName(name));
        } finally {
            if (!ok) {
                Files.deleteIfExists(temp);
            }
        }
        return new LocalCopy() {
            @Override
            public Path path() {
                return temp;
            }

            @Override
            public void close() throws IOException {
                Files.deleteIfExists(temp);
            }
        };
    }

    @Override
    public StagedFile stage(String name) throws IOException {
        String key = keyOf(name);
        FileSafety.createPrivateDirectories(scratch);
        Path temp = FileSafety.tempPathIn(scratch, "stage");
        // 0600 before anyone writes: SQLite keeps an existing file's permissions.
        FileSafety.createPrivateFile(temp);
        return new StagedFile() {
            private boolean committed;

            @Override
            public Path path() {
                return temp;
            }

            @Override
            public void commit() throws IOException {
                if (committed) {
                    return;
                }
                new Uploader(conn).upload(temp, key, name, null, bytes -> { });
                committed = true;
                FileSafety.deleteWithSqliteSidecars(temp);
            }

            @Override
            public void close() throws IOException {
                FileSafety.deleteWithSqliteSidecars(temp);
            }
        };
    }

    /** Sends {@code file} straight from where it is: no staged copy, and resumable as a commit is. */
    @Override
    public void put(String name, Path file, LongConsumer sent) throws IOException {
        new Uploader(conn).upload(file, keyOf(name), name, null, sent);
    }

    /** As {@link #put(String, Path, LongConsumer)}, without hashing the file before the first part goes up. */
    @Override
    public void put(String name, Path file, String sha256Hex, LongConsumer sent) throws IOException {
        new Uploader(conn).upload(file, keyOf(name), name, sha256Hex, sent);
    }

    @Override
    public void writeAtomically(String name, byte[] content) throws IOException {
        String key = keyOf(name);
        MessageDigest sha = Sha256.newDigest();
        byte[] sha256 = sha.digest(content);
        byte[] md5 = Uploader.Digests.md5().digest(content);
        try {
            // One PUT is atomic: readers see the old object or the new one, never a mix.
            conn.client().putObject(b -> b.bucket(location.bucket()).key(key).contentLength((long) content.length)
                    .contentType("application/octet-stream")
                    .contentMD5(Base64.getEncoder().encodeToString(md5))
                    .checksumSHA256(Base64.getEncoder().encodeToString(sha256))
                    .metadata(Map.of(Uploader.SHA256_METADATA, HexFormat.of().formatHex(sha256))),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw conn.errors.translate(e, "write " + Destination.quoteName(name));
        }
    }

    @Override
    public void delete(String name) throws IOException {
        String key = keyOf(name);
        try {
            conn.client().deleteObject(b -> b.bucket(location.bucket()).key(key));
        } catch (SdkException e) {
            if (!S3Errors.isNotFound(e)) {
                throw conn.errors.translate(e, "delete " + Destination.quoteName(name));
            }
        }
    }

    @Override
    public Destination within(String name) {
        keyOf(name);
        return new S3Destination(conn, location.nested(name));
    }

    @Override
    public Optional<Duration> clockSkew() throws IOException {
        Instant before = Instant.now();
        Optional<Instant> server;
        try {
            HeadBucketResponse r = conn.client().headBucket(b -> b.bucket(location.bucket()));
            server = S3Errors.date(r.sdkHttpResponse());
        } catch (AwsServiceException e) {
            server = S3Errors.serverDate(e); // even a refusal carries the server's time
        } catch (SdkException e) {
            throw conn.errors.translate(e, "read the server's time");
        }
        Instant after = Instant.now();
        // The Date header has whole seconds; compare with the middle of the round trip.
        Instant local = before.plus(Duration.between(before, after).dividedBy(2));
        return server.map(s -> Duration.between(local, s));
    }

    @Override
    public int removeStaleTemporaries() throws IOException {
        return new StaleUploads(conn, location).abortOlderThan(conn.options.staleUploadAge())
                + FileSafety.removeTemporaries(scratch, Instant.MAX);
    }

    /** Releases the connections this destination shares with its parent and nested namespaces; a later call reconnects. */
    @Override
    public void close() {
        conn.close();
    }
}
