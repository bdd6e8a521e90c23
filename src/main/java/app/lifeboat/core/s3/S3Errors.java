package app.lifeboat.core.s3;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Turns the SDK's exceptions into one sentence each: what failed where, and the remedy kind. The
 * server's own message is left out (it may quote the request), and so is anything secret: only
 * the error code, the HTTP status and the address appear.
 */
final class S3Errors {
    private static final Set<String> CREDENTIAL_CODES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "InvalidSecurity", "InvalidClientTokenId",
            "UnrecognizedClientException", "MissingSecurityHeader", "AccountProblem", "NotSignedUp");
    private static final Set<String> DIGEST_CODES = Set.of("BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch",
            "XAmzContentChecksumMismatch");
    private static final Set<String> FULL_CODES = Set.of("QuotaExceeded", "StorageQuotaExceeded", "InsufficientStorage",
            "XMinioStorageFull", "TooManyBuckets", "StorageFull");
    private static final Set<String> DENIED_CODES = Set.of("AccessDenied", "AllAccessDisabled", "MethodNotAllowed",
            "NotImplemented", "ReadOnly");
    private static final Set<String> REGION_CODES = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException", "TemporaryRedirect");

    private final String where;
    private final String credentials;

    S3Errors(String where, String credentials) {
        this.where = where;
        this.credentials = credentials;
    }

    /** The destination as messages name it. */
    String where() {
        return where;
    }

    /** The server's error code, or empty (a HEAD response has no body, so no code). */
    static String code(SdkException e) {
        if (e instanceof AwsServiceException ase) {
            AwsErrorDetails d = ase.awsErrorDetails();
            if (d != null && d.errorCode() != null) {
                return d.errorCode();
            }
        }
        return "";
    }

    static int status(SdkException e) {
        return e instanceof AwsServiceException ase ? ase.statusCode() : 0;
    }

    static boolean isNotFound(SdkException e) {
        String code = code(e);
        return code.equals("NoSuchKey") || code.equals("NotFound") || code.isEmpty() && status(e) == 404;
    }

    static boolean isNoSuchUpload(SdkException e) {
        return code(e).equals("NoSuchUpload") || status(e) == 404 && !code(e).equals("NoSuchBucket");
    }

    static boolean isDamagedInTransit(SdkException e) {
        return DIGEST_CODES.contains(code(e));
    }

    /** {@code doing}: what was attempted, e.g. "upload 'a.db'"; the result names the destination. */
    LifeboatException translate(SdkException e, String doing) {
        if (e instanceof AwsServiceException ase) {
            return service(ase, doing);
        }
        return client(e, doing);
    }

    private LifeboatException service(AwsServiceException e, String doing) {
        String code = code(e);
        int status = e.statusCode();
        String tag = " (" + status + (code.isEmpty() ? "" : " " + code) + ")";
        if (code.equals("NoSuchBucket")) {
            return new LifeboatException(ErrorCode.DESTINATION_UNAVAILABLE, "could not " + doing + ": the bucket of "
                    + where + " does not exist; create it, or correct the destination's address", e);
        }
        if (code.equals("RequestTimeTooSkewed")) {
            return new LifeboatException(ErrorCode.DESTINATION_UNAVAILABLE, "could not " + doing + ": " + where
                    + " refused the request because " + skewWords(serverDate(e)) + "; set this computer's clock right"
                    + " (turn on automatic time) and try again", e);
        }
        if (CREDENTIAL_CODES.contains(code) || status == 401) {
            return new LifeboatException(ErrorCode.CREDENTIALS_REFUSED, "could not " + doing + ": " + where
                    + " refused the credentials from " + credentials + tag, e, Remedy.CHECK_CREDENTIALS, where);
        }
        if (code.equals("IncompleteBody")) {
            // The server saw the body end early: the connection was cut mid-request, as the client would
            // have seen a moment later. The same error as any other cut connection.
            return new LifeboatException(ErrorCode.DESTINATION_UNREACHABLE, "could not " + doing + ": the connection to "
                    + where + " was cut during the upload" + tag + "; nothing was stored under that name", e,
                    Remedy.CHECK_CONNECTION, where);
        }
        if (isDamagedInTransit(e)) {
            return new LifeboatException(ErrorCode.IO_ERROR, "could not " + doing + ": the data changed on its way to "
                    + where + tag + ", so the server refused it; nothing was stored under that name, try again", e);
        }
        if (FULL_CODES.contains(code) || status == 507) {
            return new LifeboatException(ErrorCode.NO_SPACE, "could not " + doing + ": " + where
                    + " is full or its quota is used up" + tag, e, Remedy.FREE_SPACE);
        }
        if (REGION_CODES.contains(code) || status == 301) {
            return new LifeboatException(ErrorCode.DESTINATION_UNAVAILABLE, "could not " + doing + ": the bucket of "
                    + where + " is in another region or at another address" + tag + "; set the destination's region", e);
        }
        if (DENIED_CODES.contains(code) || status == 403 || status == 405) {
            return new LifeboatException(ErrorCode.DESTINATION_UNAVAILABLE, "could not " + doing + ": " + where
                    + " denied it" + tag + "; the bucket may be read-only, or the credentials from " + credentials
                    + " lack the permission", e, Remedy.CHECK_CREDENTIALS, where);
        }
        if (status >= 500 || code.equals("SlowDown") || status == 429) {
            return new LifeboatException(ErrorCode.DESTINATION_UNREACHABLE, "could not " + doing + ": " + where
                    + " kept failing" + tag + " after several tries", e, Remedy.CHECK_CONNECTION, where);
        }
        if (status == 404) {
            return new LifeboatException(ErrorCode.NOT_FOUND, "could not " + doing + ": " + where
                    + " does not have it" + tag, e);
        }
        return new LifeboatException(ErrorCode.IO_ERROR, "could not " + doing + ": " + where + " refused the request"
                + tag, e, Remedy.SEE_DETAILS);
    }

    private LifeboatException client(SdkException e, String doing) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException local) {
                return new LifeboatException(ErrorCode.IO_ERROR, "could not " + doing + ": the local file "
                        + local.getFile() + " could not be read", e, Remedy.CHECK_PATH, String.valueOf(local.getFile()));
            }
        }
        Throwable root = e;
        String reason = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            root = t;
            reason = reason != null ? reason : reasonFor(t);
        }
        if (reason == null && e.getMessage() != null && e.getMessage().contains("credentials")) {
            return missingCredentials(e, doing);
        }
        if (reason == null && root instanceof IOException) {
            reason = "the connection failed";
        }
        if (reason == null) {
            return new LifeboatException(ErrorCode.IO_ERROR, "could not " + doing + " at " + where + ": "
                    + root.getClass().getSimpleName(), e, Remedy.SEE_DETAILS);
        }
        return new LifeboatException(ErrorCode.DESTINATION_UNREACHABLE, "could not " + doing + ": " + where
                + " could not be reached (" + reason + ")", e, Remedy.CHECK_CONNECTION, where);
    }

    LifeboatException missingCredentials(Throwable e, String doing) {
        return new LifeboatException(ErrorCode.CREDENTIALS_REFUSED, "could not " + doing + ": no credentials for "
                + where + " were found in " + credentials, e, Remedy.CHECK_CREDENTIALS, where);
    }

    private static String reasonFor(Throwable t) {
        if (t instanceof UnknownHostException) {
            return "its host name is not known";
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return "the connection was refused";
        }
        if (t instanceof SocketTimeoutException || t instanceof ApiCallTimeoutException
                || t instanceof ApiCallAttemptTimeoutException || t instanceof InterruptedIOException) {
            return "it did not answer in time";
        }
        if (t instanceof SSLException) {
            return "the secure connection failed; its certificate may not be trusted";
        }
        if (t instanceof SocketException || t instanceof EOFException
                || t.getClass().getName().startsWith("org.apache.hc.core5.http.")) {
            return "the connection was cut";
        }
        return null;
    }

    /** The Date header of an error response, if the server sent one. */
    static Optional<Instant> serverDate(AwsServiceException e) {
        AwsErrorDetails d = e.awsErrorDetails();
        return d == null ? Optional.empty() : date(d.sdkHttpResponse());
    }

    static Optional<Instant> date(SdkHttpResponse response) {
        if (response == null) {
            return Optional.empty();
        }
        return response.firstMatchingHeader("Date").flatMap(v -> {
            try {
                return Optional.of(ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException ex) {
                return Optional.empty(); // a malformed header tells nothing
            }
        });
    }

    static String skewWords(Optional<Instant> serverNow) {
        if (serverNow.isEmpty()) {
            return "this computer's clock differs too much from the server's";
        }
        Duration skew = Duration.between(Instant.now(), serverNow.get());
        long minutes = Math.abs(skew.toMinutes());
        String amount = minutes >= 1 ? minutes + " minutes" : Math.abs(skew.toSeconds()) + " seconds";
        return "this computer's clock is " + amount + (skew.isNegative() ? " ahead of" : " behind") + " the server's";
    }
}
