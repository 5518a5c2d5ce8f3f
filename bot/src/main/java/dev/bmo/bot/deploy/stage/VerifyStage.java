package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.HealthProbe;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.deploy.StageFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks from BMO's side, independently of Ansible, that every deployed host reports healthy and
 * runs the new commit (and version, when the package told it) in {@code /actuator/info}.
 *
 * <p>This is the deploy's gate: its answer decides the deploy's result, asked at each host's inventory
 * address (the path the load balancer and {@code bmo status} use) with the fleet's token. The playbook's
 * {@code roles/verify_version} asks the same (same fields, same rules: {@link HealthProbe.Report#problem})
 * on the host itself before the host returns to the pool, so a bad host fails inside Ansible's serial
 * rollout, is put back by the rescue, and the next batch is never touched. Both stay;
 * {@code VerifyAgreementTest} holds them to one table of answers.
 */
public class VerifyStage implements Stage {

    private final HealthProbe probe;

    public VerifyStage(HealthProbe probe) {
        this.probe = probe;
    }

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public StageResult run(DeployContext ctx) throws StageFailure {
        List<String> bad = new ArrayList<>();
        for (String host : ctx.hosts()) {
            String address = ctx.inventory().address(host);
            int port = ctx.inventory().httpPort(host, ctx.service().port());
            HealthProbe.Report r = probe.check(address, port, ctx.service().healthPath(), ctx.service().infoPath());
            String problem = r.problem(ctx.commit(), ctx.appVersion());
            ctx.emit(new DeployEvent.HostResult(ctx.id(), Instant.now(), host, "verify",
                    problem == null ? "ok" : "failed", problem == null ? r.describe() : problem));
            if (problem != null) {
                bad.add(host + ": " + problem);
                ctx.hostResults().put(host, "failed");
            } else {
                ctx.hostResults().put(host, "ok");
            }
        }
        if (!bad.isEmpty()) {
            throw new StageFailure(String.join("; ", bad));
        }
        return StageResult.passed(ctx.hosts().size() + " host(s) UP at " + ctx.commit().substring(0, 12));
    }
}
