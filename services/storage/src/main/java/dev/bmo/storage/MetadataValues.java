package dev.bmo.storage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * S3 user metadata travels in HTTP headers, which carry ASCII only. Like AWS's own tools, values with
 * other characters are stored RFC 2047 encoded ({@code =?UTF-8?B?...?=}); {@link ObjectStore} encodes
 * on put and decodes on get/head, so callers always see the original text (a photographer "José").
 */
public final class MetadataValues {

    private static final String PREFIX = "=?UTF-8?B?";
    private static final String SUFFIX = "?=";

    private MetadataValues() {
    }

    public static String encode(String value) {
        boolean plain = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !value.startsWith(PREFIX);
        return plain ? value : PREFIX + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + SUFFIX;
    }

    public static String decode(String value) {
        if (value != null && value.startsWith(PREFIX) && value.endsWith(SUFFIX)
                && value.length() >= PREFIX.length() + SUFFIX.length()) {
            try {
                return new String(Base64.getDecoder().decode(
                        value.substring(PREFIX.length(), value.length() - SUFFIX.length())), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notOurs) {
                return value;
            }
        }
        return value;
    }

    static Map<String, String> encodeAll(Map<String, String> metadata) {
        Map<String, String> out = new LinkedHashMap<>();
        metadata.forEach((k, v) -> out.put(k, encode(v)));
        return out;
    }

    static Map<String, String> decodeAll(Map<String, String> metadata) {
        Map<String, String> out = new LinkedHashMap<>();
        metadata.forEach((k, v) -> out.put(k, decode(v)));
        return out;
    }
}
