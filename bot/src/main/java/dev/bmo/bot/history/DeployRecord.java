package dev.bmo.bot.history;

import java.time.Duration;
import java.time.Instant;

/** One deploy (or rollback) as stored: who asked for what, what ran, what came of it. */
public record DeployRecord(long id, String requestKey, String kind, String service, String env, String hostsLimit,
        String ref, String commit, String version, String requestedBy, String approvedBy, boolean forced,
        boolean queued, DeployStatus status, String detail, String origin, Long rollbackOf, String artifactsDir,
        String debPath, Instant requestedAt, Instant startedAt, Instant finishedAt) {

    public boolean isRollback() {
        return "rollback".equals(kind);
    }

    /** Running time so far, or in total once finished; zero before it started. */
    public Duration duration() {
        if (startedAt == null) {
            return Duration.ZERO;
        }
        return Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt);
    }

    public String target() {
        return service + " to " + env + (hostsLimit == null || hostsLimit.isEmpty() ? "" : "/" + hostsLimit);
    }
}
