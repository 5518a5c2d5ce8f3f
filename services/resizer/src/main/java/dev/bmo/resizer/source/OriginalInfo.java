package dev.bmo.resizer.source;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What S3 says about an original (HEAD): its size, and the metadata media stored with it
 * ({@code x-amz-meta-width}, {@code x-amz-meta-height}, {@code x-amz-meta-photographer}).
 */
public record OriginalInfo(String key, long size, OptionalInt width, OptionalInt height,
        Optional<String> photographer) {

    public boolean hasSize() {
        return width.isPresent() && height.isPresent();
    }
}
