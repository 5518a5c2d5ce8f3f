package dev.bmo.storage;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the fleet's objects live, read from the environment (twelve-factor): an endpoint override
 * for S3-compatible servers (S3Proxy locally), region, bucket, credentials and path-style access.
 */
public record StorageSettings(Optional<URI> endpoint, String region, String bucket,
                              String accessKey, String secretKey, boolean pathStyle) {

    public static final String LOCAL_ENDPOINT = "http://127.0.0.1:9000";

    public static StorageSettings fromEnvironment(Map<String, String> env) {
        return fromLookup(env::get);
    }

    /**
     * Reads the {@code BMO_S3_*} names through any lookup that answers null for unknown names, for
     * example Spring's {@code Environment::getProperty} (which also sees env vars and test properties).
     */
    public static StorageSettings fromLookup(UnaryOperator<String> lookup) {
        String endpoint = or(lookup.apply("BMO_S3_ENDPOINT"), LOCAL_ENDPOINT);
        return new StorageSettings(
                endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint.trim())),
                or(lookup.apply("BMO_S3_REGION"), "us-east-1"),
                or(lookup.apply("BMO_S3_BUCKET"), "bmo-photos"),
                or(lookup.apply("BMO_S3_ACCESS_KEY"), "local-identity"),
                or(lookup.apply("BMO_S3_SECRET_KEY"), "local-credential"),
                Boolean.parseBoolean(or(lookup.apply("BMO_S3_PATH_STYLE"), "true")));
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** Never print the secret key. */
    @Override
    public String toString() {
        return "StorageSettings[endpoint=" + endpoint.map(URI::toString).orElse("aws") + ", region=" + region
                + ", bucket=" + bucket + ", accessKey=" + accessKey + ", pathStyle=" + pathStyle + "]";
    }
}
