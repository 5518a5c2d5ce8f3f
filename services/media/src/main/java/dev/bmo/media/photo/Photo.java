package dev.bmo.media.photo;

import java.time.Instant;
import java.util.Optional;

/** One accepted upload: its original in S3 and what was read from it. */
public record Photo(String id, String photographer, String contentType, int width, int height, long sizeBytes,
                    String originalKey, Optional<String> idempotencyKey, Instant uploadedAt,
                    Optional<Instant> convertedAt) {

    public static String originalKey(String id) {
        return "originals/" + id;
    }
}
