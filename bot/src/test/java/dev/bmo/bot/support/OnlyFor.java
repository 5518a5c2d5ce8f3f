package dev.bmo.bot.support;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.Stage;

/**
 * A stage that runs for one service and is skipped for the others: lets one test pipeline deploy
 * both a stand-in service (packaged by the test) and a service built by its own commands.
 */
public final class OnlyFor implements Stage {

    private final String service;
    private final Stage stage;

    public OnlyFor(String service, Stage stage) {
        this.service = service;
        this.stage = stage;
    }

    @Override
    public String name() {
        return stage.name();
    }

    @Override
    public StageResult run(DeployContext ctx) throws Exception {
        if (!ctx.service().name().equals(service)) {
            return StageResult.skipped("only for " + service);
        }
        return stage.run(ctx);
    }
}
