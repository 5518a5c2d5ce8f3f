package dev.bmo.bot.deploy;

import dev.bmo.bot.command.Caller;
import dev.bmo.bot.history.AuditLog;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployRecord;
import java.time.Instant;

/**
 * The answers to a rollout the canary analysis paused (too little traffic to judge a batch): go on,
 * or roll the batch back. Whoever may deploy there may answer, in the BMO that runs the deploy; the
 * answer is audited and reported before the deploy moves on.
 */
final class PauseAnswers {

    private final DeployHistory history;
    private final DeployTargets targets;
    private final DeployPermissions rules;
    private final LiveDeploys live;
    private final AuditLog audit;
    private final DeployEvents events;

    PauseAnswers(DeployHistory history, DeployTargets targets, DeployPermissions rules, LiveDeploys live,
            AuditLog audit, DeployEvents events) {
        this.history = history;
        this.targets = targets;
        this.rules = rules;
        this.live = live;
        this.audit = audit;
        this.events = events;
    }

    /** @param rollBack false lets the rollout go on, true rolls the paused batch back */
    String answer(Caller caller, long id, boolean rollBack) {
        DeployRecord d = history.find(id).orElseThrow(() -> new DeployRefused("There is no deploy #" + id + "."));
        if (d.status().isFinal()) {
            throw new DeployRefused("Deploy #" + id + " already ended: " + d.status().word() + ".");
        }
        rules.checkDeployer(caller, targets.environment(d.env()), (rollBack ? "roll back" : "continue") + " #" + id);
        LiveDeploys.Live l = live.get(id);
        if (l == null || !live.runsHere(id)) {
            throw new DeployRefused("Deploy #" + id + " is not running in this BMO: answer it where it runs.");
        }
        if (!l.pause.paused()) {
            throw new DeployRefused("Deploy #" + id + " is not paused: nothing waits for an answer (it is "
                    + d.status().word() + ").");
        }
        audit.record(caller.user(), rollBack ? "rollback-paused" : "continue", d.target(), "#" + id);
        // before the deploy moves on
        events.emit(id, new DeployEvent.Resumed(id, Instant.now(), caller.user(), rollBack));
        if (!l.pause.answer(!rollBack)) {
            throw new DeployRefused("Deploy #" + id + " stopped waiting a moment ago (cancelled or timed out).");
        }
        return rollBack ? "Rolling deploy #" + id + "'s batch back." : "Deploy #" + id + " goes on.";
    }
}
