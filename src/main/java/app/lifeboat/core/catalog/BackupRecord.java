package app.lifeboat.core.catalog;

import app.lifeboat.core.codec.BackupFormat;
import app.lifeboat.core.codec.Compression;
import app.lifeboat.core.sqlite.CipherSpec;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The metadata of one backup, stored as a JSON sidecar next to the stored file. Sidecars are the
 * source of truth; unknown fields written by a newer Lifeboat are kept in {@code extra} and written
 * back unchanged.
 *
 * <p>{@code originalCrc32c} is the CRC-32C of the database file as captured, before compression
 * and encryption, which verify compares with the decoded file; records written before it existed
 * carry a logical {@code contentHash} instead.
 *
 * <p>A full backup is one stored file ({@code file}, {@code sha256}, {@code storedSizeBytes}); code
 * that handles stored objects goes through {@link #storedFiles()}. An incremental backup
 * ({@code storage} "incremental", format version 2) has no file of its own: it is version
 * {@code versionId} of the destination's incremental store, {@code storedSizeBytes} is what its
 * write added to the store, and {@code originalCrc32c} proves the assembled database.
 * {@code store} names the store's folder when it is not {@value #INCREMENTAL} (format version 3):
 * a database whose backup encryption was turned on or off starts a second store beside the first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"formatVersion", "id", "database", "createdAt", "type", "status", "file", "sha256",
    "storedSizeBytes", "originalSizeBytes", "originalCrc32c", "codec", "compressionLevel", "encryption", "recipients",
    "sourceCipher", "keyCheck", "pageSize", "pageCount", "userVersion",
    "schemaFingerprint", "contentHash", "tables", "quickCheck", "verifiedAt", "lastVerification",
    "pinned", "tags", "description", "sourcePath", "toolVersion", "storage", "versionId", "store"})
public record BackupRecord(
        int formatVersion,
        String id,
        String database,
        Instant createdAt,
        BackupType type,
        BackupStatus status,
        String file,
        String sha256,
        long storedSizeBytes,
        long originalSizeBytes,
        String originalCrc32c,
        String codec,
        Integer compressionLevel,
        String encryption,
        List<String> recipients,
        CipherSpec sourceCipher,
        String keyCheck,
        int pageSize,
        long pageCount,
        int userVersion,
        String schemaFingerprint,
        String contentHash,
        Map<String, Long> tables,
        String quickCheck,
        Instant verifiedAt,
        VerificationResult lastVerification,
        boolean pinned,
        List<String> tags,
        String description,
        String sourcePath,
        String toolVersion,
        String storage,
        String versionId,
        String store,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

    public static final int FORMAT_VERSION = 1;

    /** The format of incremental records: earlier versions of the app report them instead of misreading them. */
    public static final int INCREMENTAL_FORMAT_VERSION = 2;

    /** The format of incremental records whose store is not the first one: earlier versions would look in the wrong store. */
    public static final int STORE_FORMAT_VERSION = 3;

    /** The {@code storage} word of incremental records, and the folder of a destination's first store. */
    public static final String INCREMENTAL = "incremental";

    /**
     * The format of incremental records whose store belongs to one set of age recipients: earlier
     * versions of the app know no such folder and would call the record tampered with.
     */
    public static final int RECIPIENTS_STORE_FORMAT_VERSION = 4;

    /** The newest record format this version reads. */
    public static final int NEWEST_FORMAT_VERSION = RECIPIENTS_STORE_FORMAT_VERSION;

    /** The store for versions written after backup encryption was turned on, when the first store is plain. */
    public static final String AGE_STORE_FOLDER = "incremental-age";
    /** The store for versions written after backup encryption was turned off, when the first store is encrypted. */
    public static final String PLAIN_STORE_FOLDER = "incremental-plain";

    /**
     * The folders a destination's incremental stores may have: the first store, and one of each
     * encryption (a store's encryption is fixed when it is made).
     */
    public static final List<String> STORE_FOLDERS = List.of(INCREMENTAL, AGE_STORE_FOLDER, PLAIN_STORE_FOLDER);

    /** A copy destination's store for versions of a store made anew (its id's first 16 hex digits). */
    private static final Pattern COPY_STORE_FOLDER = Pattern.compile("incremental-[0-9a-f]{16}");

    /** A store made for one set of age recipients after the stores before it served others. */
    private static final Pattern RECIPIENTS_STORE_FOLDER = Pattern.compile("incremental-age-[0-9a-f]{16}");

    /**
     * Whether {@code folder} is one Lifeboat gives a store: a fixed one, a copy's of a store made
     * anew, or one recipient set's.
     */
    public static boolean isStoreFolder(String folder) {
        return folder != null && (STORE_FOLDERS.contains(folder) || COPY_STORE_FOLDER.matcher(folder).matches()
                || isRecipientsStoreFolder(folder));
    }

    /** Whether {@code folder} is a store made for one set of age recipients ({@link #recipientsStoreFolder}). */
    public static boolean isRecipientsStoreFolder(String folder) {
        return folder != null && RECIPIENTS_STORE_FOLDER.matcher(folder).matches();
    }

    /**
     * The store for the recipient set named {@code recipientsTag} (16 hex digits), when the
     * destination's stores were made for other recipients: new recipients get pages sealed only
     * for them, and an identity that was given up is not needed for what is written after.
     */
    public static String recipientsStoreFolder(String recipientsTag) {
        return "incremental-age-" + recipientsTag;
    }

    /** The folder a copy destination keeps versions of store {@code storeId} in when its own store there is another's. */
    public static String copyStoreFolder(String storeId) {
        return "incremental-" + storeId.substring(0, 16);
    }

    public BackupRecord {
        tables = tables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        tags = tags == null ? List.of() : List.copyOf(tags);
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        extra = extra == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extra);
    }

    /** The name of the JSON sidecar for a backup id. */
    public static String sidecarName(String id) {
        return id + ".json";
    }

    @JsonIgnore
    public String sidecarName() {
        return sidecarName(id);
    }

    /** The stored objects of its own that make up this backup: one file, or none for an incremental version. */
    @JsonIgnore
    public List<StoredFile> storedFiles() {
        return isIncremental() ? List.of() : List.of(new StoredFile(file, storedSizeBytes, sha256));
    }

    /**
     * The id's hash: equal records have equal ids. Maps keyed by records (retention's plans) then
     * hash one string instead of every component, and a new JVM does not first build the record's
     * generated hashCode (about 25 ms of a small backup).
     */
    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }

    /** True when this backup is a version in the destination's incremental store. */
    @JsonIgnore
    public boolean isIncremental() {
        return INCREMENTAL.equals(storage);
    }

    /** The folder of the incremental store that holds this version. */
    @JsonIgnore
    public String storeFolder() {
        return store == null ? INCREMENTAL : store;
    }

    /** How the stored file is encoded, from {@code codec} and {@code encryption}. */
    @JsonIgnore
    public BackupFormat format() {
        Compression c = codec == null ? Compression.NONE : Compression.parse(codec);
        return new BackupFormat(c, compressionLevel == null ? c.defaultLevel() : compressionLevel, encryption != null);
    }

    @JsonIgnore
    public boolean isGood() {
        return status != null && status.isGood();
    }

    public BackupRecord withStatus(BackupStatus s) {
        return new Builder(this).status(s).build();
    }

    public BackupRecord withVerification(VerificationResult v, BackupStatus s) {
        return new Builder(this).verifiedAt(v.at()).lastVerification(v).status(s).build();
    }

    public BackupRecord withPinned(boolean p) {
        return new Builder(this).pinned(p).build();
    }

    public BackupRecord withLabels(List<String> newTags, String newDescription) {
        return new Builder(this).tags(newTags).description(newDescription).build();
    }

    /** Builds records field by field; records with 27 positional arguments are unreadable. */
    public static final class Builder {
        private int formatVersion = FORMAT_VERSION;
        private String id, database, file, sha256, codec = "none", encryption, schemaFingerprint,
                contentHash, quickCheck, description, sourcePath, toolVersion, originalCrc32c, storage, versionId, store;
        private Instant createdAt, verifiedAt;
        private BackupType type = BackupType.MANUAL;
        private BackupStatus status = BackupStatus.OK;
        private long storedSizeBytes, originalSizeBytes, pageCount;
        private int pageSize, userVersion;
        private Map<String, Long> tables = Map.of();
        private Integer compressionLevel;
        private List<String> recipients = List.of();
        private CipherSpec sourceCipher;
        private String keyCheck;
        private VerificationResult lastVerification;
        private boolean pinned;
        private List<String> tags = new ArrayList<>();
        private Map<String, Object> extra = new LinkedHashMap<>();

        public Builder() {}

        public Builder(BackupRecord r) {
            formatVersion = Math.max(r.formatVersion, FORMAT_VERSION);
            id = r.id; database = r.database; createdAt = r.createdAt; type = r.type; status = r.status;
            file = r.file; sha256 = r.sha256; storedSizeBytes = r.storedSizeBytes;
            originalSizeBytes = r.originalSizeBytes; originalCrc32c = r.originalCrc32c; codec = r.codec; encryption = r.encryption;
            pageSize = r.pageSize; pageCount = r.pageCount; userVersion = r.userVersion;
            schemaFingerprint = r.schemaFingerprint; contentHash = r.contentHash; tables = r.tables;
            quickCheck = r.quickCheck; verifiedAt = r.verifiedAt; lastVerification = r.lastVerification;
            pinned = r.pinned; tags = r.tags; description = r.description; sourcePath = r.sourcePath;
            toolVersion = r.toolVersion; extra = r.extra; compressionLevel = r.compressionLevel;
            recipients = r.recipients; sourceCipher = r.sourceCipher; keyCheck = r.keyCheck;
            storage = r.storage; versionId = r.versionId; store = r.store;
        }

        public Builder id(String v) { id = v; return this; }
        public Builder database(String v) { database = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder type(BackupType v) { type = v; return this; }
        public Builder status(BackupStatus v) { status = v; return this; }
        public Builder file(String v) { file = v; return this; }
        public Builder sha256(String v) { sha256 = v; return this; }
        public Builder storedSizeBytes(long v) { storedSizeBytes = v; return this; }
        public Builder originalSizeBytes(long v) { originalSizeBytes = v; return this; }
        public Builder originalCrc32c(String v) { originalCrc32c = v; return this; }
        public Builder codec(String v) { codec = v; return this; }
        public Builder encryption(String v) { encryption = v; return this; }
        public Builder compressionLevel(Integer v) { compressionLevel = v; return this; }
        public Builder recipients(List<String> v) { recipients = v; return this; }
        public Builder sourceCipher(CipherSpec v) { sourceCipher = v; return this; }
        public Builder keyCheck(String v) { keyCheck = v; return this; }
        public Builder pageSize(int v) { pageSize = v; return this; }
        public Builder pageCount(long v) { pageCount = v; return this; }
        public Builder userVersion(int v) { userVersion = v; return this; }
        public Builder schemaFingerprint(String v) { schemaFingerprint = v; return this; }
        public Builder contentHash(String v) { contentHash = v; return this; }
        public Builder tables(Map<String, Long> v) { tables = v; return this; }
        public Builder quickCheck(String v) { quickCheck = v; return this; }
        public Builder verifiedAt(Instant v) { verifiedAt = v; return this; }
        public Builder lastVerification(VerificationResult v) { lastVerification = v; return this; }
        public Builder pinned(boolean v) { pinned = v; return this; }
        public Builder tags(List<String> v) { tags = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder sourcePath(String v) { sourcePath = v; return this; }
        public Builder toolVersion(String v) { toolVersion = v; return this; }

        /** Makes this a full backup stored as {@code storedFile}, with no version of an incremental store. */
        public Builder full(String storedFile, String fileSha256, long storedBytes) {
            storage = null; versionId = null; store = null; file = storedFile; sha256 = fileSha256; storedSizeBytes = storedBytes;
            formatVersion = FORMAT_VERSION;
            return this;
        }

        /** Makes this an incremental record naming version {@code id} of the destination's first store. */
        public Builder incremental(String id) {
            return incremental(id, INCREMENTAL);
        }

        /** Makes this an incremental record naming version {@code id} of the store in {@code folder}. */
        public Builder incremental(String id, String folder) {
            storage = INCREMENTAL; versionId = id; file = null; sha256 = null;
            store = INCREMENTAL.equals(folder) ? null : folder;
            formatVersion = store == null ? INCREMENTAL_FORMAT_VERSION
                    : isRecipientsStoreFolder(store) ? RECIPIENTS_STORE_FORMAT_VERSION : STORE_FORMAT_VERSION;
            return this;
        }

        public BackupRecord build() {
            return new BackupRecord(formatVersion, id, database, createdAt, type, status, file, sha256,
                    storedSizeBytes, originalSizeBytes, originalCrc32c, codec, compressionLevel, encryption, recipients, sourceCipher,
                    keyCheck, pageSize, pageCount, userVersion,
                    schemaFingerprint, contentHash, tables, quickCheck, verifiedAt, lastVerification, pinned,
                    tags, description, sourcePath, toolVersion, storage, versionId, store, extra);
        }
    }
}
