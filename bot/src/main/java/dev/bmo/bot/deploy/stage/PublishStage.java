package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.deploy.StageFailure;
import dev.bmo.bot.process.CommandRunner;
import dev.bmo.bot.process.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds the package to the environment's signed apt repository with {@code packaging/apt-publish <env>
 * <deb>} (BMO's own checkout: the repository belongs to the environment, not to the commit), which
 * prints {@code repo=} and {@code key=}.
 */
public class PublishStage implements Stage {

    private final Duration timeout;
    private final Map<String, String> env;

    /** @param env extra environment for apt-publish (BMO_APT_ROOT, the signing key's variables) */
    public PublishStage(Duration timeout, Map<String, String> env) {
        this.timeout = timeout;
        this.env = Map.copyOf(env);
    }

    @Override
    public String name() {
        return "publish";
    }

    @Override
    public StageResult run(DeployContext ctx) throws Exception {
        // a rollback's package was published by the deploy it reuses: publishing it again is a no-op
        // (same bytes), and tells where the repository and its key are
        Path tool = ctx.repo().resolve("packaging/apt-publish");
        if (!Files.isExecutable(tool)) {
            throw new StageFailure("packaging/apt-publish is missing from " + ctx.repo());
        }
        Map<String, String> found = new HashMap<>();
        long t0 = System.nanoTime();
        ProcessResult r = CommandRunner.run(new CommandRunner.Spec(
                List.of(tool.toString(), ctx.env().name(), ctx.deb().toString()), ctx.repo(), env, timeout,
                line -> {
                    KeyValues.read(line, found);
                    ctx.log("publish: " + line);
                }, line -> ctx.log("publish: " + line), ctx.cancellation()));
        ctx.external(Duration.ofNanos(System.nanoTime() - t0));
        ctx.checkCancelled();
        if (!r.ok()) {
            throw new StageFailure("publishing failed (exit " + r.exitCode() + "): " + ServiceCommand.last(r.tailText()));
        }
        ctx.aptRepo(found.get("repo"));
        ctx.aptKey(found.get("key"));
        return StageResult.passed(ctx.version() + " published" + (ctx.aptRepo() == null ? "" : " to " + ctx.aptRepo()));
    }
}
