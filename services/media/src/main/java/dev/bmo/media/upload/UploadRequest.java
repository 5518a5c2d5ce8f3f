package dev.bmo.media.upload;

import java.io.InputStream;
import java.util.Optional;

/** What arrived: who took the photo, an optional idempotency key, and the body as it streams in. */
public record UploadRequest(String photographer, Optional<String> idempotencyKey, long declaredLength,
                            InputStream body) {
}
