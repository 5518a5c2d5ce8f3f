package dev.bmo.bot.history;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Who asked for what and what came of it: one row per decision, never updated. */
public class AuditLog {

    public record Entry(Instant at, String actor, String action, String target, String detail) {
    }

    private final JdbcTemplate jdbc;

    public AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String actor, String action, String target, String detail) {
        jdbc.update("INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                Timestamp.from(Instant.now()), actor, action, target,
                detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 1997) + "...");
    }

    public List<Entry> recent(int limit) {
        return jdbc.query("SELECT at, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT ?",
                (rs, n) -> new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)), limit);
    }
}
