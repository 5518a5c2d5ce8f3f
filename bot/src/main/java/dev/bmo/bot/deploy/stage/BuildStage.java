package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.deploy.StageFailure;
import dev.bmo.bot.git.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the service once, with the catalog's build command, in a clean worktree of the resolved
 * commit of the service's repository (never in the working copy BMO runs from). For BMO's own
 * services that is the commit's {@code packaging/build-artifacts}: one Maven run makes the jar, the
 * .deb and the OCI image, and {@link PackageStage} checks what it made. Maven shares ~/.m2, so
 * repeat builds are quick; a commit packaged before is not built again ({@link ReusedArtifacts}).
 */
public class BuildStage implements Stage {

    private final Map<String, String> env;
    private final Duration timeout;

    /** @param env extra environment for the build (BMO_MAVEN_ARGS=-o for offline builds, say) */
    public BuildStage(Map<String, String> env, Duration timeout) {
        this.env = Map.copyOf(env);
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "build";
    }

    @Override
    public StageResult run(DeployContext ctx) throws Exception {
        if (ReusedArtifacts.apply(ctx)) {
            return StageResult.skipped(ReusedArtifacts.describe(ctx));
        }
        GitRepo git = ctx.git();
        Path source = ctx.workDir().resolve("src");
        git.addWorktree(source, ctx.commit(), ctx.cancellation());
        ctx.onEnd(() -> git.removeWorktree(source));
        ctx.sourceDir(source);
        if (!Files.isDirectory(source.resolve(ctx.service().module()))) {
            throw new StageFailure("commit " + ctx.commit().substring(0, 12) + " has no module "
                    + ctx.service().module());
        }
        Path out = Files.createDirectories(ctx.workDir().resolve("artifacts"));
        ServiceCommand.run(ctx, "build", ctx.service().build(), out, env, timeout);
        return StageResult.passed(ctx.service().module() + " built at " + ctx.commit().substring(0, 12));
    }
}
