package dev.bmo.api.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bmo.api.keys.ApiKey;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
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
 * <p>
 * A host keeps one bucket proxy per key and configuration version, with Bucket4j's batching: requests for the
 * same key that arrive while one is at Redis go there together as one command, instead of each racing the others'
 * compare-and-swap (which, for one busy key, is retried over and over). The count stays exact. A newer version
 * (a changed limit) replaces the configuration of the bucket in Redis, keeping its share of tokens.
 * <p>
 * A key of {@link RateLimitSettings#syncFrom} requests a minute or more is counted on the host and synchronised
 * with Redis in batches (Bucket4j's delaying optimisation): at most 1% of its limit, or {@code syncEvery}, goes
 * unsynchronised per host.
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final RedisLink redis;
    private final String prefix;
    private final RateLimitSettings sync;
    private final Counter rejected;
    private final Counter unavailable;
    private final Cache<ApiKey, BucketProxy> proxies = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    public RateLimiter(RedisLink redis, RedisSettings settings, RateLimitSettings sync, MeterRegistry registry) {
        this.redis = redis;
        this.prefix = settings.prefix();
        this.sync = sync;
        this.rejected = Counter.builder("api.ratelimit.rejected").description("requests refused with 429")
                .register(registry);
        this.unavailable = Counter.builder("api.ratelimit.unavailable")
                .description("requests let through unchecked because Redis did not answer").register(registry);
    }

    public RateDecision consume(ApiKey key) {
        ConsumptionProbe probe;
        try {
            probe = proxies.get(key, this::bucket).tryConsumeAndReturnRemaining(1);
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

    private BucketProxy bucket(ApiKey key) {
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(l -> l.capacity(key.limitPerMinute()).refillGreedy(key.limitPerMinute(), Duration.ofMinutes(1)))
                .build();
        byte[] id = (prefix + "bucket:" + key.name()).getBytes(StandardCharsets.UTF_8);
        return redis.buckets().builder()
                .withOptimization(optimization(key))
                .withImplicitConfigurationReplacement(key.version(), TokensInheritanceStrategy.PROPORTIONALLY)
                .build(id, () -> config);
    }

    private Optimization optimization(ApiKey key) {
        if (key.limitPerMinute() < sync.syncFrom()) {
            return Optimizations.batching();
        }
        return Optimizations.delaying(new DelayParameters(Math.max(1, key.limitPerMinute() / 100), sync.syncEvery()));
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
