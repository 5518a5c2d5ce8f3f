package dev.bmo.media.photo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of the photo listing ends: the last photo's upload time and id, the listing's keyset. Opaque to
 * clients (unpadded base64url of {@code <epoch micros>:<id>}); a photo uploaded later sorts before every cursor
 * already handed out, so pages neither repeat nor skip photos while uploads arrive.
 */
public record PhotoCursor(Instant uploadedAt, String id) {

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(uploadedAt.getEpochSecond(), 1_000_000L), uploadedAt.getNano() / 1_000);
        return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor, or empty when the text is not one this service made. */
    public static Optional<PhotoCursor> decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            int colon = plain.indexOf(':');
            String id = plain.substring(colon + 1);
            if (colon < 1 || !id.matches("[0-9a-f]{32}")) {
                return Optional.empty();
            }
            long micros = Long.parseLong(plain.substring(0, colon));
            return Optional.of(new PhotoCursor(Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS), id));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
