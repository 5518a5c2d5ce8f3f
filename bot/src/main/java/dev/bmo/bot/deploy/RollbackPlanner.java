package dev.bmo.bot.deploy;

import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.catalog.ServiceSpec;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import java.util.List;

/**
 * Which deploy a rollback redeploys: after a successful deploy, the newest successful deploy of
 * another commit; after a deploy that failed or stopped half-way (some hosts may run its version),
 * the last successful deploy. Read from the history alone.
 */
final class RollbackPlanner {

    /** How far back the history is read. */
    private static final int DEPTH = 50;

    private final DeployHistory history;

    RollbackPlanner(DeployHistory history) {
        this.history = history;
    }

    /** @throws DeployRefused when there is nothing to roll back to, saying why */
    DeployRecord target(ServiceSpec service, EnvironmentSpec env) {
        List<DeployRecord> good = history.succeeded(service.name(), env.name(), DEPTH);
        if (good.isEmpty()) {
            throw new DeployRefused("No successful deploy of " + service.name() + " in " + env.name()
                    + " yet, so there is nothing to roll back to.");
        }
        DeployRecord latest = history.list(service.name(), env.name(), DEPTH).stream()
                .filter(d -> d.startedAt() != null && d.status().isFinal()).findFirst().orElse(good.get(0));
        if (latest.status() == DeployStatus.SUCCEEDED) {
            return good.stream().filter(d -> d.commit() != null && !d.commit().equals(latest.commit())).findFirst()
                    .orElseThrow(() -> new DeployRefused("Every successful deploy of " + service.name() + " in "
                            + env.name() + " is of the current commit: there is no previous version."));
        }
        return good.get(0);
    }
}
