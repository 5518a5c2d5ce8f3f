package dev.bmo.api.keys;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param seed         keys made or updated at start-up (BMO_API_KEYS): {@code name:key[:limit per minute]}, comma
 *                     separated; only their hashes are stored. The first-party apps' keys come this way (from
 *                     the inventory's vault outside the local fleet); never logged
 * @param defaultLimit a seeded key's limit when it names none (BMO_API_DEFAULT_LIMIT)
 */
@ConfigurationProperties("bmo.api.keys")
public record KeySettings(String seed, int defaultLimit) {

    @Override
    public String toString() {
        return "KeySettings[defaultLimit=" + defaultLimit + "]";
    }
}
