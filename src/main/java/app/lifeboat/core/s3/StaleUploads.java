package app.lifeboat.core.s3;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Aborts incomplete multipart uploads that a crashed or killed run left under a prefix (the store
 * bills their parts and keeps them forever otherwise) and forgets their local resume state.
 * Only uploads older than the given age go: a younger one may be another run's, still going.
 */
final class StaleUploads {
    private static final Logger LOG = LoggerFactory.getLogger(StaleUploads.class);
    private static final int MAX_PAGES = 10_000;

    private final S3Connection conn;
    private final S3Location location;

    StaleUploads(S3Connection conn, S3Location location) {
        this.conn = conn;
        this.location = location;
    }

    /** Returns how many uploads were aborted. */
    int abortOlderThan(Duration age) throws IOException {
        Instant cutoff = Instant.now().minus(age);
        String prefix = location.keyPrefix();
        Set<String> live = new HashSet<>();
        int aborted = 0;
        String keyMarker = null;
        String idMarker = null;
        try {
            for (int page = 0; page < MAX_PAGES; page++) {
                String km = keyMarker;
                String im = idMarker;
                ListMultipartUploadsResponse r = conn.client().listMultipartUploads(b -> b.bucket(location.bucket())
                        .prefix(prefix).keyMarker(km).uploadIdMarker(im));
                for (MultipartUpload u : r.uploads()) {
                    if (u.key() == null || u.uploadId() == null || !u.key().startsWith(prefix)) {
                        continue; // not under this prefix: not ours to abort
                    }
                    if (u.initiated() != null && u.initiated().isBefore(cutoff)) {
                        abort(u);
                        aborted++;
                    } else {
                        live.add(u.uploadId());
                    }
                }
                if (!Boolean.TRUE.equals(r.isTruncated()) || r.nextKeyMarker() == null) {
                    break;
                }
                keyMarker = r.nextKeyMarker();
                idMarker = r.nextUploadIdMarker();
            }
        } catch (SdkException e) {
            if (S3Errors.status(e) == 501 || S3Errors.code(e).equals("NotImplemented")) {
                LOG.warn("{} cannot list unfinished uploads; none are aborted", location.describe());
                return aborted;
            }
            throw conn.errors.translate(e, "list the unfinished uploads");
        }
        forgetStates(live, cutoff);
        return aborted;
    }

    private void abort(MultipartUpload u) {
        try {
            conn.client().abortMultipartUpload(b -> b.bucket(location.bucket()).key(u.key()).uploadId(u.uploadId()));
            LOG.info("aborted the unfinished upload of {} in {}, started {}", u.key(), location.describe(), u.initiated());
        } catch (SdkException e) {
            if (!S3Errors.isNoSuchUpload(e)) {
                throw conn.errors.translate(e, "abort an unfinished upload");
            }
        }
    }

    /** Local states under this prefix whose upload is gone or stale are of no more use. */
    private void forgetStates(Set<String> live, Instant cutoff) throws IOException {
        String endpoint = String.valueOf(conn.root.endpoint());
        for (UploadStates.Stored s : conn.states.all()) {
            UploadStates.State st = s.state();
            boolean ours = st != null && endpoint.equals(st.endpoint()) && location.bucket().equals(st.bucket())
                    && st.key() != null && st.key().startsWith(location.keyPrefix());
            if (ours && !live.contains(st.uploadId()) && (st.created() == null || st.created().isBefore(cutoff)
                    || st.uploadId() == null)) {
                conn.states.forget(s.id());
            }
        }
    }
}
