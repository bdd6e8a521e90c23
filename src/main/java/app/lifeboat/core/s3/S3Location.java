package app.lifeboat.core.s3;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.io.Destination;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a destination lives in object storage: a bucket, a key prefix inside it (empty for the
 * bucket's top), and for stores other than AWS the endpoint and whether buckets are addressed by
 * path ({@code https://host/bucket/key}) rather than by host name.
 *
 * @param bucket the bucket's name, checked against the S3 naming rules
 * @param prefix key prefix without leading or trailing slash; empty for the bucket's top
 * @param endpoint the store's base URL, or null for AWS (or for {@code AWS_ENDPOINT_URL_S3})
 * @param region the signing region, or null for the environment, the AWS config, or us-east-1
 * @param pathStyle address buckets by path, as MinIO, Ceph and most self-hosted stores need
 */
public record S3Location(String bucket, String prefix, URI endpoint, String region, boolean pathStyle) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public S3Location {
        checkBucket(bucket);
        prefix = checkPrefix(prefix == null ? "" : prefix);
        checkEndpoint(endpoint);
        if (region != null && !REGION.matcher(region).matches()) {
            throw invalid("the region " + Destination.quoteName(region)
                    + " is not a region name: use lowercase letters, digits and hyphens, e.g. eu-central-1");
        }
    }

    /** An AWS location (endpoint and region from the environment or the AWS config). */
    public static S3Location parse(String url) {
        return parse(url, null, null, false);
    }

    /**
     * Parses {@code s3://bucket/optional/prefix}; a trailing slash is allowed, empty, {@code .}
     * and {@code ..} segments are not, so the prefix always names one place.
     */
    public static S3Location parse(String url, URI endpoint, String region, boolean pathStyle) {
        if (url == null || !url.regionMatches(true, 0, "s3://", 0, 5)) {
            throw invalid("the address " + Destination.quoteName(url)
                    + " is not an S3 address: write it as s3://bucket or s3://bucket/prefix");
        }
        String rest = url.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
            if (prefix.isEmpty()) {
                return new S3Location(bucket, "/", endpoint, region, pathStyle); // "s3://bucket//": refused below
            }
        }
        return new S3Location(bucket, prefix, endpoint, region, pathStyle);
    }

    /** The prefix as keys start with it: empty, or the prefix and a slash. */
    public String keyPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    /** This location with {@code name} (a plain name) appended to its prefix. */
    public S3Location nested(String name) {
        return new S3Location(bucket, prefix.isEmpty() ? name : prefix + "/" + name, endpoint, region, pathStyle);
    }

    /** The {@code s3://} address, without the endpoint. */
    public String url() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** The address for messages: the {@code s3://} URL and, for a store other than AWS, its host. */
    public String describe() {
        return endpoint == null ? url() : url() + " at " + endpoint.getHost()
                + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort());
    }

    private static void checkBucket(String bucket) {
        if (bucket == null || bucket.isEmpty()) {
            throw invalid("the S3 address has no bucket: write it as s3://bucket or s3://bucket/prefix");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || bucket.contains(".-")
                || bucket.contains("-.") || IP_ADDRESS.matcher(bucket).matches() || bucket.startsWith("xn--")) {
            throw invalid("the bucket name " + Destination.quoteName(bucket) + " is not valid: bucket names have 3 to 63"
                    + " lowercase letters, digits, dots and hyphens, start and end with a letter or digit,"
                    + " and do not look like an IP address");
        }
    }

    private static String checkPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return prefix;
        }
        if (prefix.length() > 512) {
            throw invalid("the S3 prefix is longer than 512 characters: choose a shorter one");
        }
        for (String segment : prefix.split("/", -1)) {
            if (!Destination.isPlainName(segment)) {
                throw invalid("the S3 prefix " + Destination.quoteName(prefix) + " has an empty, '.' or '..' part or a"
                        + " control character: write it as plain names separated by single slashes");
            }
        }
        return prefix;
    }

    private static void checkEndpoint(URI endpoint) {
        if (endpoint == null) {
            return;
        }
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || endpoint.getHost() == null) {
            throw invalid("the endpoint " + Destination.quoteName(endpoint.toString())
                    + " is not an http or https address: write it as https://host[:port]");
        }
        if (endpoint.getRawUserInfo() != null) {
            // A secret in the address would end up in settings and messages.
            throw invalid("the endpoint address contains a user name or password: remove it and keep the"
                    + " credentials in the environment, the AWS credentials file or a private credentials file");
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw invalid("the endpoint " + Destination.quoteName(endpoint.toString())
                    + " has a query or fragment: write it as https://host[:port]");
        }
    }

    static LifeboatException invalid(String problem) {
        return new LifeboatException(ErrorCode.INVALID_ARGUMENT, problem);
    }
}
