package dev.bmo.bot.support;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.deploy.StageFailure;
import dev.bmo.bot.process.CommandRunner;
import dev.bmo.bot.process.ProcessResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** A stage running a long external process (like a build or a rollout), so that it can be cancelled or orphaned. */
public final class SleepStage implements Stage {

    public final CountDownLatch started = new CountDownLatch(1);
    public volatile long pid;

    @Override
    public String name() {
        return "deploy";
    }

    @Override
    public StageResult run(DeployContext ctx) throws Exception {
        ctx.cancellation().onStart(p -> {
            pid = p.pid();
            started.countDown();
        });
        ProcessResult r = CommandRunner.run(new CommandRunner.Spec(List.of("sleep", "300"), ctx.workDir(), Map.of(),
                Duration.ofMinutes(5), line -> { }, line -> { }, ctx.cancellation()));
        if (!r.ok()) {
            throw new StageFailure("sleep ended with " + r.exitCode());
        }
        return StageResult.passed("slept");
    }
}
