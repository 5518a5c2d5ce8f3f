package dev.bmo.api.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param freshFor   how long an answer of media's is used without asking again (BMO_API_CACHE_FRESH)
 * @param staleFor   how long it is kept to stand in while media is down (BMO_API_CACHE_STALE)
 * @param maxEntries BMO_API_CACHE_MAX_ENTRIES
 */
@ConfigurationProperties("bmo.api.cache")
public record CacheSettings(Duration freshFor, Duration staleFor, long maxEntries) {
}
