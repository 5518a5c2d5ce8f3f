package dev.bmo.resizer.render;

import dev.bmo.vips.ImageFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * An encoded result, as cached and served.
 *
 * @param etag strong ETag (quoted) derived from the bytes
 * @param source where it was rendered from: {@code original} or {@code master}
 */
public record Rendered(byte[] bytes, ImageFormat format, int width, int height, String etag, String source) {

    public static Rendered of(byte[] bytes, ImageFormat format, int width, int height, String source) {
        return new Rendered(bytes, format, width, height, etagOf(bytes), source);
    }

    static String etagOf(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bytes this entry costs in the cache: the image plus a rough allowance for the objects around it. */
    public int weight() {
        return bytes.length + 200;
    }

    /** Whether an {@code If-None-Match} header names this ETag (or is {@code *}). */
    public boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Rendered[" + format + " " + width + "x" + height + ", " + bytes.length + " bytes, from " + source
                + ", etag " + new String(etag.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII) + "]";
    }
}
