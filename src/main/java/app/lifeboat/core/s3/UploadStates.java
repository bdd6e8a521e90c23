package app.lifeboat.core.s3;

import app.lifeboat.core.base.Json;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.io.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multipart uploads in progress, one small private JSON file each in the state folder, so a
 * commit cut off by the network or a killed process resumes from the parts already stored. A
 * file is keyed by where the object goes and by the file's size and SHA-256: the same staged
 * bytes resume, different bytes start afresh.
 */
final class UploadStates {
    private static final Logger LOG = LoggerFactory.getLogger(UploadStates.class);
    private static final Pattern UPLOAD_ID = Pattern.compile("[\\x21-\\x7e]{1,1024}");
    private static final Pattern STATE_FILE = Pattern.compile("upload-[0-9a-f]{64}\\.json");
    private static final int MAX_STATE_BYTES = 64 * 1024;

    /** One upload in progress; every field is checked against what the caller expects before use. */
    record State(String endpoint, String bucket, String key, long sizeBytes, String sha256, long partSizeBytes,
            String uploadId, Instant created) {}

    private final Path folder;

    UploadStates(Path folder) {
        this.folder = folder;
    }

    /** The stable identity of one upload: where it goes, and which bytes. */
    static String idOf(String endpoint, String bucket, String key, long sizeBytes, String sha256, long partSizeBytes) {
        MessageDigest d = Sha256.newDigest();
        d.update(String.join("\n", endpoint, bucket, key, Long.toString(sizeBytes), sha256, Long.toString(partSizeBytes))
                .getBytes(StandardCharsets.UTF_8));
        return Sha256.hex(d);
    }

    private Path fileOf(String id) {
        return folder.resolve("upload-" + id + ".json");
    }

    /** The upload for {@code expected}'s object and bytes, or null when there is none or it does not match. */
    State find(String id, State expected) {
        Path file = fileOf(id);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_STATE_BYTES) {
                return null;
            }
            State s = Json.mapper().readValue(Files.readAllBytes(file), State.class);
            boolean matches = s != null && s.uploadId() != null && UPLOAD_ID.matcher(s.uploadId()).matches()
                    && expected.endpoint().equals(s.endpoint()) && expected.bucket().equals(s.bucket())
                    && expected.key().equals(s.key()) && expected.sizeBytes() == s.sizeBytes()
                    && expected.sha256().equals(s.sha256()) && expected.partSizeBytes() == s.partSizeBytes();
            if (!matches) {
                LOG.warn("ignoring the upload state {}: it does not describe this upload", file);
                return null;
            }
            return s;
        } catch (IOException e) {
            LOG.warn("ignoring the unreadable upload state {}: {}", file, e.toString());
            return null;
        }
    }

    void save(String id, State s) throws IOException {
        FileSafety.createPrivateDirectories(folder);
        FileSafety.writeAtomically(fileOf(id), Json.mapper().writeValueAsBytes(s));
    }

    void forget(String id) throws IOException {
        Files.deleteIfExists(fileOf(id));
    }

    /** Every readable state with its id, for cleanup. */
    List<Stored> all() throws IOException {
        List<Stored> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!STATE_FILE.matcher(n).matches() || Files.size(p) > MAX_STATE_BYTES) {
                    continue;
                }
                try {
                    out.add(new Stored(n.substring(7, 71), Json.mapper().readValue(Files.readAllBytes(p), State.class)));
                } catch (NoSuchFileException e) {
                    // removed meanwhile
                } catch (IOException e) {
                    LOG.warn("ignoring the unreadable upload state {}: {}", p, e.toString());
                }
            }
        }
        return out;
    }

    /** A state file's id and content. */
    record Stored(String id, State state) {}
}
