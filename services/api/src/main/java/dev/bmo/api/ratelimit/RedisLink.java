package dev.bmo.api.ratelimit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * One connection to Redis (Lettuce's are thread-safe and pipelined; once made, it reconnects by itself after
 * Redis restarts) and Bucket4j's buckets on it. Made at start-up, so the first requests are counted like the
 * rest; when Redis is away then, the API starts and serves anyway, and a new attempt is made on use at most once
 * per {@link #RETRY_AFTER}: in between, requests fail over at once instead of each waiting out a connect timeout.
 */
@Component
public class RedisLink implements SmartInitializingSingleton {

    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

    private final RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> connection;
    private LettuceBasedProxyManager<byte[]> buckets;
    private long nextAttemptNanos = System.nanoTime();

    public RedisLink(RedisClient client) {
        this.client = client;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            buckets();
            connection().sync().ping(); // and the first command's one-off costs are paid here, not by a request
        } catch (RuntimeException e) {
            log.warn("Redis is not reachable at start-up ({}); rate limits are not checked until it is", e.toString());
        }
    }

    public synchronized StatefulRedisConnection<byte[], byte[]> connection() {
        if (connection == null) {
            long now = System.nanoTime();
            if (now - nextAttemptNanos < 0) {
                throw new IllegalStateException("Redis was not reachable a moment ago; next attempt in under "
                        + RETRY_AFTER.toMillis() + " ms");
            }
            nextAttemptNanos = now + RETRY_AFTER.toNanos();
            connection = client.connect(ByteArrayCodec.INSTANCE);
        }
        return connection;
    }

    public synchronized LettuceBasedProxyManager<byte[]> buckets() {
        if (buckets == null) {
            // a bucket left alone is forgotten once it would be full again: idle keys cost Redis nothing
            buckets = Bucket4jLettuce.casBasedBuilder(connection().async())
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                    .build();
        }
        return buckets;
    }

    @PreDestroy
    synchronized void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
