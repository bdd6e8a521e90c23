/**
 * S3-compatible object storage as a {@link app.lifeboat.core.io.Destination}, over the AWS SDK v2's
 * synchronous client and the Apache 5 HTTP client.
 *
 * <p>Design: writes are staged in a private local scratch folder and uploaded at commit, so a
 * name never points at a partial object. Small files go up in one PUT with {@code Content-MD5} and
 * {@code x-amz-checksum-sha256}; large ones as a multipart upload of equal parts, each with its
 * own {@code Content-MD5}, streamed from re-openable file slices (memory stays flat). The SDK's
 * own flexible checksums are off (WHEN_REQUIRED): their aws-chunked bodies break many non-AWS
 * stores. After an upload, HEAD must report the size sent and the file's SHA-256 in the user
 * metadata {@code lifeboat-sha256} (a multipart ETag is no MD5).
 *
 * <p>Failure modes: a network cut or a killed process mid-upload leaves the upload id in the
 * local state folder, keyed by object key, size and SHA-256; the next commit of the same bytes
 * lists the stored parts, keeps those whose ETag is the MD5 of the local slice and sends the
 * rest. Incomplete uploads older than a day are aborted by cleanup. Requests are retried with
 * backoff (timeouts, connection errors, 5xx, 503 SlowDown), parts once more on top (also after
 * BadDigest). Every SDK failure becomes one {@link app.lifeboat.core.base.LifeboatException}
 * sentence (unreachable, credentials refused, bucket missing, denied or read-only, full, clock
 * skew, data damaged in transit) with no server message and no secret in it. Names read from a
 * listing are untrusted: anything but a plain name directly under the prefix is ignored and
 * logged, never followed.
 */
package app.lifeboat.core.s3;
