package dev.bmo.bot.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** Deploys, their per-host results and their logs, in the database (H2 or PostgreSQL). */
public class DeployHistory {

    /** Longer log lines are stored as several rows so nothing is cut. */
    static final int MAX_LINE = 4000;

    private final JdbcTemplate jdbc;

    public DeployHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The outcome of recording a request: a new deploy, or the one already recorded under its key. */
    public record Recorded(DeployRecord deploy, boolean duplicate) {
    }

    public Recorded record(NewDeploy d) {
        return record(d, null);
    }

    /**
     * Records a deploy owned by {@code runner} from the first moment (null: nobody), so that no other
     * BMO can take it for an orphan between its recording and its start.
     */
    public Recorded record(NewDeploy d, String runner) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.update(con -> {
                var ps = con.prepareStatement("""
                        INSERT INTO deploys (request_key, kind, service, env, hosts_limit, ref, requested_by, forced,
                                             queued, status, origin, rollback_of, requested_at, commit_sha, runner,
                                             heartbeat_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
                ps.setString(1, d.requestKey());
                ps.setString(2, d.kind());
                ps.setString(3, d.service());
                ps.setString(4, d.env());
                ps.setString(5, d.hostsLimit());
                ps.setString(6, d.ref());
                ps.setString(7, d.requestedBy());
                ps.setBoolean(8, d.forced());
                ps.setBoolean(9, d.queued());
                ps.setString(10, DeployStatus.REQUESTED.name());
                ps.setString(11, d.origin());
                if (d.rollbackOf() == null) {
                    ps.setNull(12, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(12, d.rollbackOf());
                }
                ps.setTimestamp(13, Timestamp.from(Instant.now()));
                ps.setString(14, d.commit());
                ps.setString(15, runner);
                ps.setTimestamp(16, runner == null ? null : Timestamp.from(Instant.now()));
                return ps;
            }, keys);
        } catch (DuplicateKeyException e) {
            return new Recorded(findByRequestKey(d.requestKey()).orElseThrow(() -> e), true);
        }
        return new Recorded(find(keys.getKey().longValue()).orElseThrow(), false);
    }

    public Optional<DeployRecord> find(long id) {
        return jdbc.query("SELECT * FROM deploys WHERE id = ?", ROW, id).stream().findFirst();
    }

    public Optional<DeployRecord> findByRequestKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        return jdbc.query("SELECT * FROM deploys WHERE request_key = ?", ROW, key).stream().findFirst();
    }

    /** Moves a deploy from one of the given states to another; false when it was not in one of them. */
    public boolean transition(long id, Collection<DeployStatus> from, DeployStatus to, String detail) {
        String in = String.join(",", from.stream().map(s -> "'" + s.name() + "'").toList());
        Timestamp now = Timestamp.from(Instant.now());
        return jdbc.update("UPDATE deploys SET status = ?, detail = COALESCE(?, detail),"
                + " started_at = CASE WHEN ? = 'RUNNING' AND started_at IS NULL THEN ? ELSE started_at END,"
                + " finished_at = CASE WHEN ? THEN ? ELSE finished_at END"
                + " WHERE id = ? AND status IN (" + in + ")",
                to.name(), detail, to.name(), now, to.isFinal(), now, id) == 1;
    }

    public boolean approve(long id, String approver) {
        return jdbc.update("UPDATE deploys SET approved_by = ? WHERE id = ? AND status = 'AWAITING_APPROVAL'"
                + " AND approved_by IS NULL", approver, id) == 1;
    }

    public void setCommit(long id, String commit) {
        jdbc.update("UPDATE deploys SET commit_sha = ? WHERE id = ?", commit, id);
    }

    public void setVersion(long id, String version) {
        jdbc.update("UPDATE deploys SET version = ? WHERE id = ?", version, id);
    }

    public void setArtifacts(long id, String dir, String deb) {
        jdbc.update("UPDATE deploys SET artifacts_dir = COALESCE(?, artifacts_dir), deb_path = COALESCE(?, deb_path)"
                + " WHERE id = ?", dir, deb, id);
    }

    public List<DeployRecord> list(String service, String env, int limit) {
        if (env == null) {
            return jdbc.query("SELECT * FROM deploys WHERE service = ? ORDER BY id DESC LIMIT ?", ROW, service, limit);
        }
        return jdbc.query("SELECT * FROM deploys WHERE service = ? AND env = ? ORDER BY id DESC LIMIT ?", ROW,
                service, env, limit);
    }

    /** An unfinished deploy with the BMO process that owns it and when that process last showed life. */
    public record Owned(DeployRecord deploy, String runner, Instant heartbeat) {
    }

    /** Deploys being requested or running, with their owners (for taking over after a crash). */
    public List<Owned> inProgress() {
        return jdbc.query("SELECT * FROM deploys WHERE status IN ('REQUESTED', 'RUNNING') ORDER BY id",
                (rs, n) -> new Owned(ROW.mapRow(rs, n), rs.getString("runner"), instant(rs, "heartbeat_at")));
    }

    /** This process owns the deploy now (it recorded it, or it started it). */
    public void own(long id, String runner) {
        jdbc.update("UPDATE deploys SET runner = ?, heartbeat_at = ? WHERE id = ?", runner,
                Timestamp.from(Instant.now()), id);
    }

    /** The owner is alive: refreshes the heartbeat of everything it runs. */
    public void heartbeat(String runner) {
        jdbc.update("UPDATE deploys SET heartbeat_at = ? WHERE runner = ? AND status IN ('REQUESTED', 'RUNNING')",
                Timestamp.from(Instant.now()), runner);
    }

    public List<DeployRecord> withStatus(Collection<DeployStatus> statuses) {
        String in = String.join(",", statuses.stream().map(s -> "'" + s.name() + "'").toList());
        return jdbc.query("SELECT * FROM deploys WHERE status IN (" + in + ") ORDER BY id", ROW);
    }

    /**
     * Earlier deploys of a service that built a package of this very commit (in any environment, whatever
     * became of the rollout), newest first: a later deploy of the commit can install the same package. A
     * deploy that installed another's package is not one of them; the deploy that built it is.
     */
    public List<DeployRecord> packagedBefore(long id, String service, String commit, int limit) {
        return jdbc.query("SELECT * FROM deploys d WHERE service = ? AND commit_sha = ? AND deb_path IS NOT NULL"
                + " AND id < ? AND NOT EXISTS (SELECT 1 FROM deploys e WHERE e.deb_path = d.deb_path AND e.id < d.id)"
                + " ORDER BY id DESC LIMIT ?", ROW, service, commit, id, limit);
    }

    /** Successful deploys of a service in an environment, newest first. */
    public List<DeployRecord> succeeded(String service, String env, int limit) {
        return jdbc.query("SELECT * FROM deploys WHERE service = ? AND env = ? AND status = 'SUCCEEDED'"
                + " ORDER BY id DESC LIMIT ?", ROW, service, env, limit);
    }

    public void saveHosts(long id, List<HostResult> hosts) {
        for (HostResult h : hosts) {
            jdbc.update("DELETE FROM deploy_hosts WHERE deploy_id = ? AND host = ?", id, h.host());
            jdbc.update("INSERT INTO deploy_hosts (deploy_id, host, result, version) VALUES (?, ?, ?, ?)", id,
                    h.host(), h.result(), h.version());
        }
    }

    public List<HostResult> hosts(long id) {
        return jdbc.query("SELECT host, result, version FROM deploy_hosts WHERE deploy_id = ? ORDER BY host",
                (rs, n) -> new HostResult(rs.getString(1), rs.getString(2), rs.getString(3)), id);
    }

    /** The version each host got from its latest successful host result, per host. */
    public Map<String, String> runningVersions(String service, String env) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.query("SELECT h.host, h.version FROM deploy_hosts h JOIN deploys d ON d.id = h.deploy_id"
                + " WHERE d.service = ? AND d.env = ? AND h.result = 'ok' ORDER BY h.deploy_id DESC",
                rs -> {
                    out.putIfAbsent(rs.getString(1), rs.getString(2));
                }, service, env);
        return out;
    }

    /** Appends a line (split into rows of at most 4000 characters); safe when several processes append. */
    public synchronized void appendLog(long id, String line) {
        String rest = line == null ? "" : line;
        Timestamp now = Timestamp.from(Instant.now());
        do {
            String part = rest.length() > MAX_LINE ? rest.substring(0, MAX_LINE) : rest;
            rest = rest.substring(part.length());
            insertLine(id, now, part);
        } while (!rest.isEmpty());
    }

    private void insertLine(long id, Timestamp at, String part) {
        for (int attempt = 0; ; attempt++) {
            Integer last = jdbc.queryForObject("SELECT MAX(seq) FROM deploy_log WHERE deploy_id = ?", Integer.class,
                    id);
            try {
                jdbc.update("INSERT INTO deploy_log (deploy_id, seq, at, line) VALUES (?, ?, ?, ?)", id,
                        (last == null ? 0 : last) + 1, at, part);
                return;
            } catch (DuplicateKeyException raced) {
                if (attempt == 10) {
                    throw raced; // another writer kept winning: give up rather than loop forever
                }
            }
        }
    }

    /** One line of a deploy's log and its place in it. */
    public record LogEntry(int seq, String line) {
    }

    /** The log lines after {@code seq}, in order: what a follower in another process has not seen yet. */
    public List<LogEntry> logAfter(long id, int seq) {
        return jdbc.query("SELECT seq, line FROM deploy_log WHERE deploy_id = ? AND seq > ? ORDER BY seq",
                (rs, n) -> new LogEntry(rs.getInt(1), rs.getString(2)), id, seq);
    }

    public int lastSeq(long id) {
        Integer last = jdbc.queryForObject("SELECT MAX(seq) FROM deploy_log WHERE deploy_id = ?", Integer.class, id);
        return last == null ? 0 : last;
    }

    public List<String> log(long id) {
        return jdbc.query("SELECT line FROM deploy_log WHERE deploy_id = ? ORDER BY seq", (rs, n) -> rs.getString(1),
                id);
    }

    /**
     * Deploys whose log holds every word (case-insensitive), newest first, with up to {@code linesEach}
     * matching lines each. The words are bound parameters, with LIKE's wildcards escaped.
     */
    public List<LogMatch> search(List<String> words, String service, Instant since, int limit, int linesEach) {
        if (words.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM deploys d WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (service != null) {
            sql.append(" AND d.service = ?");
            args.add(service);
        }
        if (since != null) {
            sql.append(" AND d.requested_at >= ?");
            args.add(Timestamp.from(since));
        }
        for (String word : words) {
            sql.append(" AND EXISTS (SELECT 1 FROM deploy_log l WHERE l.deploy_id = d.id AND LOWER(l.line) LIKE ?"
                    + " ESCAPE '!')");
            args.add(like(word));
        }
        sql.append(" ORDER BY d.id DESC LIMIT ?");
        args.add(limit);
        List<LogMatch> out = new ArrayList<>();
        for (DeployRecord d : jdbc.query(sql.toString(), ROW, args.toArray())) {
            StringBuilder lines = new StringBuilder("SELECT line FROM deploy_log WHERE deploy_id = ? AND (");
            List<Object> lineArgs = new ArrayList<>(List.of(d.id()));
            for (int i = 0; i < words.size(); i++) {
                lines.append(i == 0 ? "" : " OR ").append("LOWER(line) LIKE ? ESCAPE '!'");
                lineArgs.add(like(words.get(i)));
            }
            lines.append(") ORDER BY seq LIMIT ?");
            lineArgs.add(linesEach);
            out.add(new LogMatch(d, jdbc.query(lines.toString(), (rs, n) -> rs.getString(1), lineArgs.toArray())));
        }
        return out;
    }

    private static String like(String word) {
        String escaped = word.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return "%" + escaped + "%";
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static final RowMapper<DeployRecord> ROW = (rs, n) -> {
        long rollbackOf = rs.getLong("rollback_of");
        Long rollback = rs.wasNull() ? null : rollbackOf;
        return new DeployRecord(rs.getLong("id"), rs.getString("request_key"), rs.getString("kind"),
                rs.getString("service"), rs.getString("env"), rs.getString("hosts_limit"), rs.getString("ref"),
                rs.getString("commit_sha"), rs.getString("version"), rs.getString("requested_by"),
                rs.getString("approved_by"), rs.getBoolean("forced"), rs.getBoolean("queued"),
                DeployStatus.valueOf(rs.getString("status")), rs.getString("detail"), rs.getString("origin"),
                rollback, rs.getString("artifacts_dir"), rs.getString("deb_path"), instant(rs, "requested_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"));
    };
}
