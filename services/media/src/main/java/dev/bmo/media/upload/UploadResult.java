package dev.bmo.media.upload;

import dev.bmo.media.photo.Photo;

/** The accepted photo; {@code replayed} when an earlier upload with the same idempotency key answered. */
public record UploadResult(Photo photo, boolean replayed) {
}
