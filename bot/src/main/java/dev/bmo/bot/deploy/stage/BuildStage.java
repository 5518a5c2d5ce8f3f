package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.deploy.StageFailure;
import dev.bmo.bot.git.GitRepo;
import dev.bmo.bot.process.CommandRunner;
import dev.bmo.bot.process.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the service's module (and what it needs) in a clean worktree of the resolved commit, never
 * in the working copy BMO runs from. Maven shares ~/.m2, so repeat builds are quick.
 */
public class BuildStage implements Stage {

    private final GitRepo git;
    private final boolean offline;
    private final Duration timeout;

    public BuildStage(GitRepo git, boolean offline, Duration timeout) {
        this.git = git;
        this.offline = offline;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "build";
    }

    @Override
    public StageResult run(DeployContext ctx) throws Exception {
        if (ReusedArtifacts.apply(ctx)) {
            return StageResult.skipped("reusing the package of #" + ctx.reuse().id() + " (" + ctx.version() + ")");
        }
        Path source = ctx.workDir().resolve("src");
        git.addWorktree(source, ctx.commit(), ctx.cancellation());
        ctx.onEnd(() -> git.removeWorktree(source));
        ctx.sourceDir(source);
        if (!Files.isDirectory(source.resolve(ctx.service().module()))) {
            throw new StageFailure("commit " + ctx.commit().substring(0, 12) + " has no module "
                    + ctx.service().module());
        }
        List<String> command = new ArrayList<>(List.of("./mvnw", "-B", "-q"));
        if (offline) {
            command.add("-o");
        }
        command.addAll(List.of("-pl", ctx.service().module(), "-am", "package", "-DskipTests"));
        ctx.log("build: " + String.join(" ", command));
        ProcessResult r = CommandRunner.run(new CommandRunner.Spec(command, source, Map.of(), timeout,
                line -> ctx.log("mvn: " + line), line -> ctx.log("mvn: " + line), ctx.cancellation()));
        ctx.checkCancelled();
        if (r.timedOut()) {
            throw new StageFailure("the build ran longer than " + timeout + " and was stopped");
        }
        if (!r.ok()) {
            throw new StageFailure("the build failed (exit " + r.exitCode() + "): " + last(r.tailText()));
        }
        return StageResult.passed(ctx.service().module() + " built at " + ctx.commit().substring(0, 12));
    }

    static String last(String text) {
        return text.length() > 1500 ? "..." + text.substring(text.length() - 1500) : text;
    }
}
