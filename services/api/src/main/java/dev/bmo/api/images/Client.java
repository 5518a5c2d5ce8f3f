package dev.bmo.api.images;

import java.util.Locale;
import java.util.Optional;

/** Who asks: the web app (a srcset), or a phone app (the one or two URLs its screen needs). */
public enum Client {
    WEB, IOS, ANDROID;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Client> of(String text) {
        for (Client c : values()) {
            if (c.id().equals(text)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
