package dev.bmo.imageurls;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies resizer URLs ({@code GET /v1/images/{key}?w=&h=&fit=&fmt=&q=&dpr=&wm=&sig=}).
 *
 * <p>The signature is the unpadded base64url HMAC-SHA256, keyed with the UTF-8 bytes of the shared secret
 * ({@code BMO_RESIZER_SECRET}), of the canonical string. URLs signed now carry {@code sv=2} and their
 * canonical string (version 2) is the percent-encoded path ({@code /v1/images/} plus the key, RFC 3986,
 * '/' kept), {@code ?}, then every parameter except {@code sig}, {@code sv} included, each name and value
 * percent-encoded, sorted by encoded name, as {@code name=value} joined by {@code &} (as AWS SigV4 does:
 * a value can never pose as a separator, {@code fmt=png%26w%3D32} is not {@code fmt=png&w=32}).
 *
 * <p>Version 1, the URLs issued before (no {@code sv}): the decoded path, {@code ?}, the decoded
 * {@code name=value} pairs sorted by name joined by {@code &}. It is ambiguous, so it is accepted only
 * while {@code acceptVersion1} holds (the transition: until every issued URL was re-issued, see the
 * resizer's README). Parameters with an empty name are never signed and never verify.
 *
 * <p>Thread-safe: a {@link Mac} is made per call.
 */
public final class ImageUrlSigner {

    /** Path prefix of resizer image URLs; the object key follows it. */
    public static final String PATH_PREFIX = "/v1/images/";
    /** Name of the signature query parameter. */
    public static final String SIGNATURE_PARAMETER = "sig";
    /** Name of the parameter that says how the URL was signed; absent: version 1. */
    public static final String VERSION_PARAMETER = "sv";
    /** The signature version of the URLs signed now. */
    public static final String CURRENT_VERSION = "2";
    /** Environment variable holding the shared secret. */
    public static final String SECRET_VARIABLE = "BMO_RESIZER_SECRET";
    /**
     * Secret the local fleet uses when {@code BMO_RESIZER_SECRET} is not set. Public knowledge: every deployed
     * environment must set its own secret.
     */
    public static final String LOCAL_DEVELOPMENT_SECRET = "bmo-local-development-secret";

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final boolean acceptVersion1;

    /** A signer that still accepts version 1 URLs (the transition). */
    public ImageUrlSigner(String secret) {
        this(secret, true);
    }

    /** @param acceptVersion1 whether URLs signed before {@code sv=2} existed still verify */
    public ImageUrlSigner(String secret, boolean acceptVersion1) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the resizer URL secret is empty; set " + SECRET_VARIABLE);
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.acceptVersion1 = acceptVersion1;
    }

    /**
     * Refuses the public development secret (or none) outside the local environment: a deployed resizer
     * or media signing with it would let anyone sign any URL.
     *
     * @param env the environment's name ({@code BMO_ENV}; {@code local} is the local fleet)
     * @throws IllegalStateException saying what to set
     */
    public static void requireOwnSecret(String secret, String env) {
        boolean local = env == null || env.isBlank() || env.equals("local");
        if (!local && (secret == null || secret.isBlank() || secret.equals(LOCAL_DEVELOPMENT_SECRET))) {
            throw new IllegalStateException(SECRET_VARIABLE + " is " + (secret == null || secret.isBlank() ? "not set"
                    : "the public local development secret") + " but BMO_ENV is '" + env + "': outside the local"
                    + " environment the resizer and media need a secret of their own (the same on both), set "
                    + SECRET_VARIABLE + " (production and staging: in the inventory's ansible-vault file)");
        }
    }

    /** A signer with the secret from {@code BMO_RESIZER_SECRET}, or the local development secret when unset. */
    public static ImageUrlSigner fromEnvironment() {
        String secret = System.getenv(SECRET_VARIABLE);
        return new ImageUrlSigner(secret == null || secret.isBlank() ? LOCAL_DEVELOPMENT_SECRET : secret);
    }

    /** The path for an object key: {@code /v1/images/} + key (not encoded). */
    public static String pathFor(String key) {
        Objects.requireNonNull(key, "key");
        return PATH_PREFIX + key;
    }

    /**
     * The canonical string for a decoded path and decoded parameters ({@code sig} is ignored if present):
     * version 2 when the parameters say {@code sv=2}, else version 1.
     */
    public static String canonical(String path, Map<String, String> parameters) {
        if (CURRENT_VERSION.equals(parameters.get(VERSION_PARAMETER))) {
            TreeMap<String, String> encoded = new TreeMap<>();
            parameters.forEach((name, value) -> {
                if (!name.equals(SIGNATURE_PARAMETER)) {
                    encoded.put(PercentEncoding.encode(name), PercentEncoding.encode(value));
                }
            });
            return PercentEncoding.encodePath(path) + "?" + encoded.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        }
        return path + "?" + new TreeMap<>(parameters).entrySet().stream()
                .filter(e -> !e.getKey().equals(SIGNATURE_PARAMETER))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    /** The signature of a decoded path and its decoded parameters. */
    public String signature(String path, Map<String, String> parameters) {
        byte[] mac = mac().doFinal(canonical(path, parameters).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    /** Whether {@code signature} is right for the path and parameters (constant-time comparison). */
    public boolean verify(String path, Map<String, String> parameters, String signature) {
        if (signature == null || signature.isEmpty() || parameters.containsKey("")) {
            return false;
        }
        String version = parameters.get(VERSION_PARAMETER);
        if (version == null ? !acceptVersion1 : !version.equals(CURRENT_VERSION)) {
            return false;
        }
        byte[] expected = signature(path, parameters).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A signed (version 2), percent-encoded path and query for an object key, for example
     * {@code /v1/images/originals/abc123?fmt=webp&sv=2&w=800&sig=...}. Parameters appear sorted by name.
     */
    public String signedPath(String key, Map<String, String> parameters) {
        if (parameters.containsKey(SIGNATURE_PARAMETER)) {
            throw new IllegalArgumentException("parameters must not already contain " + SIGNATURE_PARAMETER);
        }
        if (parameters.containsKey(VERSION_PARAMETER)) {
            throw new IllegalArgumentException("parameters must not already contain " + VERSION_PARAMETER);
        }
        if (parameters.keySet().stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("a parameter has an empty name");
        }
        String path = pathFor(key);
        TreeMap<String, String> signed = new TreeMap<>(parameters);
        signed.put(VERSION_PARAMETER, CURRENT_VERSION);
        StringBuilder url = new StringBuilder(PercentEncoding.encodePath(path)).append('?');
        signed.forEach((name, value) -> url.append(PercentEncoding.encode(name)).append('=')
                .append(PercentEncoding.encode(value)).append('&'));
        url.append(SIGNATURE_PARAMETER).append('=').append(signature(path, signed));
        return url.toString();
    }

    /** {@link #signedPath} prefixed with a base URL such as {@code http://127.0.0.1:8082} (trailing slash ok). */
    public String signedUrl(String baseUrl, String key, Map<String, String> parameters) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + signedPath(key, parameters);
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
