package dev.bmo.media.upload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The image types media accepts, recognised from their first bytes (never from the declared Content-Type). */
public enum ImageType {
    JPEG("image/jpeg"),
    PNG("image/png"),
    WEBP("image/webp"),
    TIFF("image/tiff"),
    HEIC("image/heic"),
    AVIF("image/avif"),
    /** Accepted; an animated GIF is converted and rendered from its first frame. */
    GIF("image/gif");

    /** Bytes needed to tell every type apart. */
    public static final int SNIFF_BYTES = 32;

    private final String mediaType;

    ImageType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Optional<ImageType> sniff(byte[] b, int length) {
        if (starts(b, length, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (starts(b, length, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (starts(b, length, 0, 'R', 'I', 'F', 'F') && starts(b, length, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        if (starts(b, length, 0, 'G', 'I', 'F', '8', '7', 'a') || starts(b, length, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of(GIF);
        }
        if (starts(b, length, 0, 'I', 'I', 42, 0) || starts(b, length, 0, 'M', 'M', 0, 42)) {
            return Optional.of(TIFF);
        }
        if (starts(b, length, 4, 'f', 't', 'y', 'p') && length >= 12) {
            // ISO base media file: the major brand (and, for "mif1"-style brands, the first compatible ones) names it
            String brands = new String(Arrays.copyOfRange(b, 8, Math.min(length, SNIFF_BYTES)), StandardCharsets.ISO_8859_1);
            String major = brands.substring(0, 4);
            if (major.equals("avif") || major.equals("avis")) {
                return Optional.of(AVIF);
            }
            if (major.startsWith("hei") || major.startsWith("hev") || major.equals("mif1") || major.equals("msf1")) {
                return Optional.of(brands.contains("avif") ? AVIF : HEIC);
            }
        }
        return Optional.empty();
    }

    private static boolean starts(byte[] b, int length, int offset, int... expected) {
        if (length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((b[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
