package dev.bmo.vips;

import java.util.Locale;
import java.util.Optional;

/** Output formats the binding can save. Check {@link Vips#canSave(ImageFormat)} for the installed libvips. */
public enum ImageFormat {
    JPEG("image/jpeg", "jpg", "jpegsave_buffer"),
    WEBP("image/webp", "webp", "webpsave_buffer"),
    PNG("image/png", "png", "pngsave_buffer"),
    AVIF("image/avif", "avif", "heifsave_buffer");

    private final String mediaType;
    private final String extension;
    private final String saverNickname;

    ImageFormat(String mediaType, String extension, String saverNickname) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.saverNickname = saverNickname;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The usual file extension, without the dot ("jpg", "webp", "png", "avif"). */
    public String extension() {
        return extension;
    }

    /** Whether the format can carry an alpha channel. */
    public boolean supportsAlpha() {
        return this != JPEG;
    }

    String saverNickname() {
        return saverNickname;
    }

    /** Parses a lower-case name such as "jpeg", "jpg", "webp", "png" or "avif". */
    public static Optional<ImageFormat> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "jpeg", "jpg" -> Optional.of(JPEG);
            case "webp" -> Optional.of(WEBP);
            case "png" -> Optional.of(PNG);
            case "avif" -> Optional.of(AVIF);
            default -> Optional.empty();
        };
    }
}
