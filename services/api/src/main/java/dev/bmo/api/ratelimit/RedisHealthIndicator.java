package dev.bmo.api.ratelimit;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** {@code redis}: UP when the rate limits' Redis answers PING. */
@Component("redis")
public class RedisHealthIndicator extends AbstractHealthIndicator {

    private final RedisLink redis;

    public RedisHealthIndicator(RedisLink redis) {
        super("Redis check failed");
        this.redis = redis;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try {
            builder.status("PONG".equals(redis.connection().sync().ping()) ? "UP" : "DOWN");
        } catch (RuntimeException e) {
            builder.down().withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
