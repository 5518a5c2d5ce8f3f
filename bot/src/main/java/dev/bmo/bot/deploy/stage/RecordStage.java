package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.HostResult;
import java.util.ArrayList;
import java.util.List;

/** Records what now runs where: the version per host, which {@code wcid} and rollbacks read. */
public class RecordStage implements Stage {

    private final DeployHistory history;

    public RecordStage(DeployHistory history) {
        this.history = history;
    }

    @Override
    public String name() {
        return "record";
    }

    @Override
    public StageResult run(DeployContext ctx) {
        List<HostResult> hosts = new ArrayList<>();
        ctx.hostResults().forEach((host, result) -> hosts.add(new HostResult(host, result, ctx.version())));
        history.saveHosts(ctx.id(), hosts);
        history.setVersion(ctx.id(), ctx.version());
        return StageResult.passed(ctx.version() + " recorded on " + hosts.size() + " host(s)");
    }
}
