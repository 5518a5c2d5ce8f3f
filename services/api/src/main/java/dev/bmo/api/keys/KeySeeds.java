package dev.bmo.api.keys;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Saves the keys of BMO_API_KEYS at start-up (hashed); a malformed entry stops the start, naming the entry's name only. */
@Component
public class KeySeeds implements ApplicationRunner {

    private final KeySettings settings;
    private final ApiKeyRepository keys;

    public KeySeeds(KeySettings settings, ApiKeyRepository keys) {
        this.settings = settings;
        this.keys = keys;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (settings.seed() == null || settings.seed().isBlank()) {
            return;
        }
        for (String entry : settings.seed().split(",")) {
            String[] parts = entry.strip().split(":");
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].length() < 16) {
                throw new IllegalStateException("BMO_API_KEYS: entry '" + parts[0] + "' is not name:key[:limit]"
                        + " with a key of at least 16 characters");
            }
            int limit = parts.length == 3 ? Integer.parseInt(parts[2]) : settings.defaultLimit();
            keys.save(parts[0], parts[1], limit);
        }
    }
}
