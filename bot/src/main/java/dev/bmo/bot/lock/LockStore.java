package dev.bmo.bot.lock;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Locks of a service in an environment. The primary key (service, env) is the arbiter: of two
 * requests arriving in the same millisecond, from this process or another, exactly one INSERT
 * succeeds. Expired locks are cleared before each attempt.
 */
public class LockStore {

    /** Either we hold the lock now, or {@code heldBy} says who does. */
    public record Attempt(boolean acquired, Lock heldBy) {
    }

    private final JdbcTemplate jdbc;

    public LockStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes the lock for a deploy. The holder's own manual lock lets their deploy run under it. */
    public Attempt acquireForDeploy(String service, String env, String holder, long deployId) {
        clearExpired(service, env);
        if (insert(service, env, holder, "deploy #" + deployId, null, false, deployId)) {
            return new Attempt(true, null);
        }
        int adopted = jdbc.update("UPDATE locks SET deploy_id = ? WHERE service = ? AND env = ? AND holder = ?"
                + " AND manual = TRUE AND deploy_id IS NULL", deployId, service, env, holder);
        if (adopted == 1) {
            return new Attempt(true, null);
        }
        return find(service, env).map(l -> new Attempt(false, l))
                .orElseGet(() -> acquireForDeploy(service, env, holder, deployId)); // released meanwhile: retry
    }

    /** Releases a deploy's hold: its own lock goes, a manual lock it ran under stays with its holder. */
    public void releaseDeploy(String service, String env, long deployId) {
        jdbc.update("DELETE FROM locks WHERE service = ? AND env = ? AND deploy_id = ? AND manual = FALSE", service,
                env, deployId);
        jdbc.update("UPDATE locks SET deploy_id = NULL WHERE service = ? AND env = ? AND deploy_id = ?", service, env,
                deployId);
    }

    /** A person's lock ({@code lock resizer in production ...}). Their running deploy's lock becomes theirs. */
    public Attempt lock(String service, String env, String holder, String reason, Instant expiresAt) {
        clearExpired(service, env);
        if (insert(service, env, holder, reason, expiresAt, true, null)) {
            return new Attempt(true, null);
        }
        int converted = jdbc.update("UPDATE locks SET manual = TRUE, reason = ?, expires_at = ? WHERE service = ?"
                + " AND env = ? AND holder = ?", reason, ts(expiresAt), service, env, holder);
        if (converted == 1) {
            return new Attempt(true, null);
        }
        return find(service, env).map(l -> new Attempt(false, l))
                .orElseGet(() -> lock(service, env, holder, reason, expiresAt));
    }

    /** Removes a manual lock. A lock a deploy holds stays until that deploy ends. */
    public Optional<Lock> unlock(String service, String env) {
        Optional<Lock> held = find(service, env);
        held.ifPresent(l -> {
            if (l.deployId() == null) {
                jdbc.update("DELETE FROM locks WHERE service = ? AND env = ? AND deploy_id IS NULL", service, env);
            } else {
                jdbc.update("UPDATE locks SET manual = FALSE, reason = ?, expires_at = NULL"
                        + " WHERE service = ? AND env = ?", "deploy #" + l.deployId(), service, env);
            }
        });
        return held;
    }

    public Optional<Lock> find(String service, String env) {
        clearExpired(service, env);
        return jdbc.query("SELECT * FROM locks WHERE service = ? AND env = ?", ROW, service, env).stream().findFirst();
    }

    public List<Lock> all() {
        jdbc.update("DELETE FROM locks WHERE expires_at IS NOT NULL AND expires_at < ? AND deploy_id IS NULL",
                ts(Instant.now()));
        return jdbc.query("SELECT * FROM locks ORDER BY service, env", ROW);
    }

    private boolean insert(String service, String env, String holder, String reason, Instant expiresAt,
            boolean manual, Long deployId) {
        try {
            jdbc.update("INSERT INTO locks (service, env, holder, reason, since, expires_at, manual, deploy_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", service, env, holder, reason, ts(Instant.now()),
                    ts(expiresAt), manual, deployId);
            return true;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }

    private void clearExpired(String service, String env) {
        jdbc.update("DELETE FROM locks WHERE service = ? AND env = ? AND expires_at IS NOT NULL AND expires_at < ?"
                + " AND deploy_id IS NULL", service, env, ts(Instant.now()));
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static final RowMapper<Lock> ROW = (rs, n) -> {
        long deploy = rs.getLong("deploy_id");
        Long deployId = rs.wasNull() ? null : deploy;
        Timestamp expires = rs.getTimestamp("expires_at");
        return new Lock(rs.getString("service"), rs.getString("env"), rs.getString("holder"), rs.getString("reason"),
                rs.getTimestamp("since").toInstant(), expires == null ? null : expires.toInstant(),
                rs.getBoolean("manual"), deployId);
    };
}
