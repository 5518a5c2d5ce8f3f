package dev.bmo.api.ratelimit;

import dev.bmo.api.keys.ApiKey;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Each key's token bucket, kept in Redis so that the limit holds across every API host: as many tokens as the
 * key's limit per minute, refilled evenly over the minute, one per request. When Redis cannot answer, requests
 * are let through (and counted in {@code api.ratelimit.unavailable}): a Redis outage must not become an API
 * outage; readiness shows it.
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final RedisLink redis;
    private final String prefix;
    private final Counter rejected;
    private final Counter unavailable;

    public RateLimiter(RedisLink redis, RedisSettings settings, MeterRegistry registry) {
        this.redis = redis;
        this.prefix = settings.prefix();
        this.rejected = Counter.builder("api.ratelimit.rejected").description("requests refused with 429")
                .register(registry);
        this.unavailable = Counter.builder("api.ratelimit.unavailable")
                .description("requests let through unchecked because Redis did not answer").register(registry);
    }

    public RateDecision consume(ApiKey key) {
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(l -> l.capacity(key.limitPerMinute()).refillGreedy(key.limitPerMinute(), Duration.ofMinutes(1)))
                .build();
        byte[] id = (prefix + "bucket:" + key.name()).getBytes(StandardCharsets.UTF_8);
        ConsumptionProbe probe;
        try {
            probe = redis.buckets().builder().build(id, () -> config).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            unavailable.increment();
            log.debug("rate limit not checked: Redis did not answer ({})", e.toString());
            return new RateDecision(true, key.limitPerMinute(), key.limitPerMinute(), 0, 0);
        }
        if (!probe.isConsumed()) {
            rejected.increment();
        }
        return new RateDecision(probe.isConsumed(), key.limitPerMinute(), probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()), probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
