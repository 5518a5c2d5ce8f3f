package dev.bmo.api.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param url     the Redis every API host shares (BMO_API_REDIS_URL); its password, if any, is never logged
 * @param prefix  of the buckets' Redis keys (BMO_API_REDIS_PREFIX)
 * @param timeout per command (BMO_API_REDIS_TIMEOUT): a slow Redis must not slow every request
 */
@ConfigurationProperties("bmo.api.redis")
public record RedisSettings(String url, String prefix, Duration timeout) {

    @Override
    public String toString() {
        return "RedisSettings[prefix=" + prefix + ", timeout=" + timeout + "]";
    }
}
