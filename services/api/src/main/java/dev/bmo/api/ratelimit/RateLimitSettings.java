package dev.bmo.api.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param syncFrom  a key with at least this many requests a minute (BMO_API_RATE_SYNC_FROM; the first-party apps'
 *                  and the benchmark's keys) is counted on each host and synchronised with its bucket in Redis in
 *                  batches, instead of one Redis command per request: at this rate Redis is a fifth of the API's
 *                  CPU. Such a key's limit holds across hosts to within 1% of it per host (or what one host takes
 *                  in {@code syncEvery}, if less), and its {@code X-RateLimit-Remaining} is the host's estimate.
 *                  Smaller keys (third parties) are counted exactly.
 * @param syncEvery the longest a host keeps a batched key's requests before it tells Redis (BMO_API_RATE_SYNC_EVERY)
 */
@ConfigurationProperties("bmo.api.rate-limit")
public record RateLimitSettings(int syncFrom, Duration syncEvery) {
}
