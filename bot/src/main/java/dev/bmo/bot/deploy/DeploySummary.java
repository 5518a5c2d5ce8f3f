package dev.bmo.bot.deploy;

import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.HostResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The end of a deploy: result, version, commit, hosts, how long each stage took. */
public record DeploySummary(long deployId, String kind, String service, String env, DeployStatus status,
        String commit, String version, String requestedBy, List<HostResult> hosts, Map<String, Duration> stages,
        Duration total, String detail) {

    /** The summary of a recorded deploy, with its stages' times (none when not run here) and its hosts. */
    static DeploySummary of(DeployRecord d, Map<String, Duration> took, List<HostResult> hosts) {
        return new DeploySummary(d.id(), d.kind(), d.service(), d.env(), d.status(), d.commit(), d.version(),
                d.requestedBy(), hosts, took, d.duration(), d.detail());
    }

    public boolean succeeded() {
        return status == DeployStatus.SUCCEEDED;
    }
}
