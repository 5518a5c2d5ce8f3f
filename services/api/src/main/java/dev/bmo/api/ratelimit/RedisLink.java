package dev.bmo.api.ratelimit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * One connection to Redis (Lettuce's are thread-safe and pipelined; it reconnects by itself after Redis restarts)
 * and Bucket4j's buckets on it. Opened on first use and again after a failed attempt, so the API starts, and
 * serves, while Redis is away.
 */
@Component
public class RedisLink {

    private final RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> connection;
    private LettuceBasedProxyManager<byte[]> buckets;

    public RedisLink(RedisClient client) {
        this.client = client;
    }

    public synchronized StatefulRedisConnection<byte[], byte[]> connection() {
        if (connection == null) {
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
