package dev.bmo.bot.support;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.Stage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands in for build + package + publish in rollout tests: a tiny .deb of the resolved commit in
 * a second, instead of building a service. A rollback reuses the earlier deploy's file, as the
 * real stages do.
 */
public final class TinyPackageStage implements Stage {

    @Override
    public String name() {
        return "package";
    }

    @Override
    public StageResult run(DeployContext ctx) throws Exception {
        if (ctx.reuse() != null && ctx.reuse().debPath() != null && Files.exists(Path.of(ctx.reuse().debPath()))) {
            ctx.deb(Path.of(ctx.reuse().debPath()));
            ctx.version(ctx.reuse().version());
            ctx.appVersion(ctx.reuse().version());
            return StageResult.skipped("reusing the package of #" + ctx.reuse().id());
        }
        String version = "1.0+g" + ctx.commit().substring(0, 10);
        // a commit whose subject says [unhealthy] builds a release that never becomes healthy, [exits] one
        // whose process exits at start
        String subject = ctx.git().subject(ctx.commit());
        boolean healthy = !subject.contains("[unhealthy]");
        boolean exits = subject.contains("[exits]");
        Path deb;
        if (ctx.env().isLocal()) {
            deb = TinyArtifacts.deb(Files.createDirectories(ctx.workDir().resolve("artifacts")), version,
                    ctx.commit(), healthy, exits);
        } else {
            // real hosts (install: apt) get the tiny service packaged for systemd, built once per commit
            // beside the repository: a published version must keep its bytes, as real builds (reproducible)
            // do.
            Path out = ctx.repo().toAbsolutePath().getParent().resolve("tiny-debs").resolve(version);
            Path built = out.resolve("bmo-tiny_" + version + "_all.deb");
            deb = Files.exists(built) ? built : TinyArtifacts.systemdDeb(Files.createDirectories(out), version,
                    ctx.commit(), exits);
        }
        ctx.deb(deb);
        ctx.version(version);
        ctx.appVersion(version);
        return StageResult.passed("version " + version);
    }
}
