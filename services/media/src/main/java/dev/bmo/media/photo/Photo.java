package dev.bmo.media.photo;

import java.time.Instant;
import java.util.Optional;

/**
 * One accepted upload: its original in S3 and what was read from it (width and height upright: EXIF orientation
 * applied), and how its conversion went: converted, or failed with a reason such as {@code corrupt_image}.
 */
public record Photo(String id, String photographer, String contentType, int width, int height, long sizeBytes,
                    String originalKey, Optional<String> idempotencyKey, Instant uploadedAt,
                    Optional<Instant> convertedAt, Optional<Instant> failedAt, Optional<String> failureReason) {

    public Photo(String id, String photographer, String contentType, int width, int height, long sizeBytes,
                 String originalKey, Optional<String> idempotencyKey, Instant uploadedAt,
                 Optional<Instant> convertedAt) {
        this(id, photographer, contentType, width, height, sizeBytes, originalKey, idempotencyKey, uploadedAt,
                convertedAt, Optional.empty(), Optional.empty());
    }

    /** {@code processing}, {@code converted} or {@code failed}. */
    public String status() {
        return convertedAt.isPresent() ? "converted" : failedAt.isPresent() ? "failed" : "processing";
    }

    public static String originalKey(String id) {
        return "originals/" + id;
    }
}
