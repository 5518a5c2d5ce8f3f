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
 * ({@code BMO_RESIZER_SECRET}), of the canonical string: the decoded path ({@code /v1/images/} plus the key),
 * {@code ?}, then every parameter except {@code sig} sorted by name as {@code name=value} (decoded values)
 * joined by {@code &}. With no parameters the canonical string is the path followed by {@code ?}.
 *
 * <p>Thread-safe: a {@link Mac} is made per call.
 */
public final class ImageUrlSigner {

    /** Path prefix of resizer image URLs; the object key follows it. */
    public static final String PATH_PREFIX = "/v1/images/";
    /** Name of the signature query parameter. */
    public static final String SIGNATURE_PARAMETER = "sig";
    /** Environment variable holding the shared secret. */
    public static final String SECRET_VARIABLE = "BMO_RESIZER_SECRET";
    /**
     * Secret the local fleet uses when {@code BMO_RESIZER_SECRET} is not set. Public knowledge: every deployed
     * environment must set its own secret.
     */
    public static final String LOCAL_DEVELOPMENT_SECRET = "bmo-local-development-secret";

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public ImageUrlSigner(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the resizer URL secret is empty; set " + SECRET_VARIABLE);
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
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

    /** The canonical string for a decoded path and decoded parameters; {@code sig} is ignored if present. */
    public static String canonical(String path, Map<String, String> parameters) {
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
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        byte[] expected = signature(path, parameters).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A signed, percent-encoded path and query for an object key, for example
     * {@code /v1/images/originals/abc123?fmt=webp&w=800&sig=...}. Parameters appear sorted by name.
     */
    public String signedPath(String key, Map<String, String> parameters) {
        if (parameters.containsKey(SIGNATURE_PARAMETER)) {
            throw new IllegalArgumentException("parameters must not already contain " + SIGNATURE_PARAMETER);
        }
        String path = pathFor(key);
        StringBuilder url = new StringBuilder(PercentEncoding.encodePath(path)).append('?');
        new TreeMap<>(parameters).forEach((name, value) -> url.append(PercentEncoding.encode(name)).append('=')
                .append(PercentEncoding.encode(value)).append('&'));
        url.append(SIGNATURE_PARAMETER).append('=').append(signature(path, parameters));
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
