package dev.bmo.api.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The API keys, by hash. Lookups are remembered for a minute (known and unknown keys alike), so requests do not
 * each ask the database: a revoked key stops working within that minute.
 */
@Repository
public class ApiKeyRepository {

    private final JdbcClient jdbc;
    private final Cache<String, Optional<ApiKey>> byHash = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    public ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ApiKey> findByKey(String key) {
        return byHash.get(KeyHash.of(key), hash -> jdbc.sql(
                        "select name, limit_per_minute from api_key where key_hash = ? and revoked_at is null")
                .param(hash).query((rs, n) -> new ApiKey(rs.getString(1), rs.getInt(2))).optional());
    }

    /** Makes the key {@code name}, or gives it this key and limit (a rotated key replaces the old one). */
    public void save(String name, String key, int limitPerMinute) {
        String hash = KeyHash.of(key);
        int updated = jdbc.sql("update api_key set key_hash = ?, limit_per_minute = ?, revoked_at = null where name = ?")
                .params(hash, limitPerMinute, name).update();
        if (updated == 0) {
            jdbc.sql("insert into api_key (name, key_hash, limit_per_minute, created_at) values (?, ?, ?, ?)")
                    .params(name, hash, limitPerMinute, Timestamp.from(Instant.now())).update();
        }
        byHash.invalidateAll();
    }
}
