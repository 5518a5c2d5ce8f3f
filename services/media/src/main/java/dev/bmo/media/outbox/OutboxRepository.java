package dev.bmo.media.outbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class OutboxRepository {

    private final JdbcClient jdbc;

    public OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Call inside the transaction that stores the photo; traceParent may be null. */
    public void add(String photoId, String routingKey, String payload, Instant now, String traceParent) {
        jdbc.sql("insert into outbox (photo_id, routing_key, payload, created_at, trace_parent) values (?, ?, ?, ?, ?)")
                .params(photoId, routingKey, payload, Timestamp.from(now), traceParent).update();
    }

    public List<OutboxMessage> oldest(int limit) {
        return jdbc.sql("select id, photo_id, routing_key, payload, attempts, trace_parent from outbox order by id limit ?")
                .param(limit)
                .query((rs, row) -> new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getString(6)))
                .list();
    }

    public void delete(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("delete from outbox where id in (:ids)").param("ids", ids).update();
        }
    }

    public void recordFailure(Collection<Long> ids, String error) {
        if (!ids.isEmpty()) {
            String trimmed = error == null ? "unknown" : error.length() > 500 ? error.substring(0, 500) : error;
            jdbc.sql("update outbox set attempts = attempts + 1, last_error = :error where id in (:ids)")
                    .param("error", trimmed).param("ids", ids).update();
        }
    }

    public long backlog() {
        return jdbc.sql("select count(*) from outbox").query(Long.class).single();
    }

    /** How long the oldest waiting message has waited. */
    public Optional<Duration> oldestAge(Instant now) {
        return jdbc.sql("select min(created_at) from outbox").query(Timestamp.class).optional()
                .map(t -> Duration.between(t.toInstant(), now));
    }
}
