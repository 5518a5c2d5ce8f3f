package dev.bmo.resizer.request;

import java.util.Locale;
import java.util.Optional;

/** How the output box {@code w x h} relates to the source's aspect ratio. */
public enum Fit {
    /** Fit within the box, keep the aspect ratio, never enlarge (the default). */
    INSIDE,
    /** Fill the box, keep the aspect ratio, crop the overflow around the centre. */
    COVER,
    /** Fit within the box and pad to exactly the box (white for JPEG, transparent otherwise). */
    CONTAIN,
    /** Exactly the box, aspect ratio ignored. */
    FILL;

    public static Optional<Fit> fromName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "inside" -> Optional.of(INSIDE);
            case "cover" -> Optional.of(COVER);
            case "contain" -> Optional.of(CONTAIN);
            case "fill" -> Optional.of(FILL);
            default -> Optional.empty();
        };
    }

    public String paramName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
