package dev.bmo.api.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Lettuce client for the Redis every API host shares; connections are made by {@link RedisLink}. */
@Configuration(proxyBeanMethods = false)
public class RedisConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(RedisSettings settings) {
        RedisURI uri = RedisURI.create(settings.url());
        uri.setTimeout(settings.timeout());
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                // while disconnected, fail commands at once instead of queueing them
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        return client;
    }
}
