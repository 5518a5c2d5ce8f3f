package dev.bmo.api.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The API keys, by hash. Lookups are remembered for a minute (known and unknown keys alike), so requests do not
 * each ask the database: a key revoked or rotated on one host stops working there at once and on the other
 * hosts within that minute.
 */
@Repository
public class ApiKeyRepository {

    static final Duration REMEMBERED = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Cache<String, Optional<ApiKey>> byHash = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(REMEMBERED).build();

    public ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ApiKey> findByKey(String key) {
        return byHash.get(KeyHash.of(key), hash -> jdbc.sql(
                        "select name, limit_per_minute, config_version from api_key where key_hash = ? and revoked_at is null")
                .param(hash).query((rs, n) -> new ApiKey(rs.getString(1), rs.getInt(2), rs.getLong(3))).optional());
    }

    /** Makes the key {@code name}, or gives it this key and limit (a rotated key replaces the old one). */
    @Transactional
    public void save(String name, String key, int limitPerMinute) {
        String hash = KeyHash.of(key);
        int updated = jdbc.sql("update api_key set key_hash = ?, limit_per_minute = ?, revoked_at = null,"
                        + " config_version = config_version + 1 where name = ? and (key_hash <> ? or limit_per_minute <> ?"
                        + " or revoked_at is not null)")
                .params(hash, limitPerMinute, name, hash, limitPerMinute).update();
        boolean exists = updated > 0 || jdbc.sql("select count(*) from api_key where name = ?").param(name)
                .query(Integer.class).single() > 0;
        if (!exists) {
            jdbc.sql("insert into api_key (name, key_hash, limit_per_minute, created_at) values (?, ?, ?, ?)")
                    .params(name, hash, limitPerMinute, Timestamp.from(Instant.now())).update();
        }
        byHash.invalidateAll();
    }

    /** Gives the live key {@code name} this limit, keeping the key; false when there is no such live key. */
    public boolean changeLimit(String name, int limitPerMinute) {
        int updated = jdbc.sql("update api_key set limit_per_minute = ?, config_version = config_version + 1"
                        + " where name = ? and revoked_at is null")
                .params(limitPerMinute, name).update();
        byHash.invalidateAll();
        return updated > 0;
    }

    /** Revokes the key {@code name}; false when there is no such key or it was revoked already. */
    @Transactional
    public boolean revoke(String name) {
        int updated = jdbc.sql("update api_key set revoked_at = ?, config_version = config_version + 1"
                        + " where name = ? and revoked_at is null")
                .params(Timestamp.from(Instant.now()), name).update();
        byHash.invalidateAll();
        return updated > 0;
    }

    public List<KeyRecord> all() {
        return jdbc.sql("select name, limit_per_minute, config_version, created_at, revoked_at from api_key order by name")
                .query((rs, n) -> new KeyRecord(rs.getString(1), rs.getInt(2), rs.getLong(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                .list();
    }
}
