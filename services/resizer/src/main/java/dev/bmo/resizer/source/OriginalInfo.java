package dev.bmo.resizer.source;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What S3 says about an original (HEAD): its size, and the metadata media stored with it
 * ({@code x-amz-meta-width}, {@code x-amz-meta-height} (upright), {@code x-amz-meta-photographer},
 * {@code x-amz-meta-alpha}: empty for originals stored before media recorded it).
 */
public record OriginalInfo(String key, long size, OptionalInt width, OptionalInt height,
        Optional<String> photographer, Optional<Boolean> alpha) {

    public OriginalInfo(String key, long size, OptionalInt width, OptionalInt height,
            Optional<String> photographer) {
        this(key, size, width, height, photographer, Optional.empty());
    }

    public boolean hasSize() {
        return width.isPresent() && height.isPresent();
    }
}
