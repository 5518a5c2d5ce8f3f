package dev.bmo.bot.support;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.Stage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A stage that does nothing but pass (optionally waiting for a latch): for tests of the deploy life cycle. */
public final class QuickStage implements Stage {

    private final String name;
    private final CountDownLatch gate;
    public final CountDownLatch entered = new CountDownLatch(1);

    public QuickStage(String name) {
        this(name, null);
    }

    public QuickStage(String name, CountDownLatch gate) {
        this.name = name;
        this.gate = gate;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StageResult run(DeployContext ctx) throws Exception {
        entered.countDown();
        if (gate != null && !gate.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
        }
        ctx.commit(ctx.commit() == null ? "0123456789abcdef0123456789abcdef01234567" : ctx.commit());
        ctx.version(ctx.version() == null ? "1.0-test" : ctx.version());
        ctx.log(name + " says hello to " + ctx.service().name());
        return StageResult.passed(name + " done");
    }
}
