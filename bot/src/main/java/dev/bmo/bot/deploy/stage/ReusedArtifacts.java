package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.StageFailure;
import dev.bmo.bot.history.DeployRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Build once: a deploy installs the package an earlier deploy made, when that file is still there and is
 * still that package. A rollback takes the package of the deploy it goes back to; any other deploy takes the
 * package of the newest earlier deploy of the same service at the same commit (another environment's, or a
 * failed rollout's: the package is the commit's, the rollout is judged anew). Builds are reproducible, so a
 * rebuild would make the same bytes minutes later; reusing them also means production installs exactly what
 * staging ran.
 */
final class ReusedArtifacts {

    private ReusedArtifacts() {
    }

    /**
     * Takes the earlier package for this deploy (the build stage asks, once): true when the deploy installs it.
     * A rollback whose package is gone or altered forgets it and is built like any deploy.
     */
    static boolean apply(DeployContext ctx) {
        DeployRecord earlier = ctx.reuse();
        if (earlier == null) {
            earlier = ctx.packagedBefore().stream().filter(d -> usable(ctx, d)).findFirst().orElse(null);
        } else if (!usable(ctx, earlier)) {
            earlier = null;
        }
        ctx.reuse(earlier);
        if (earlier == null) {
            return false;
        }
        Path deb = Path.of(earlier.debPath());
        ctx.deb(deb);
        ctx.version(earlier.version());
        Path jar = deb.resolveSibling(ctx.service().packageName() + ".jar"); // packaging/build-artifacts puts it there
        if (Files.isRegularFile(jar)) {
            ctx.appVersion(PackageStage.buildVersion(jar));
        }
        return true;
    }

    /** Whether the build stage took an earlier package (so the package stage has nothing to make or check). */
    static boolean taken(DeployContext ctx) {
        return ctx.reuse() != null && ctx.deb() != null && ctx.deb().toString().equals(ctx.reuse().debPath());
    }

    /** What the build stage says when it builds nothing. */
    static String describe(DeployContext ctx) {
        DeployRecord d = ctx.reuse();
        return "reusing the package of #" + d.id() + " (" + d.version() + ")"
                + (ctx.deploy().isRollback() ? "" : ", which built this commit for " + d.target());
    }

    /** The earlier deploy's .deb is still on disk and still says it is that service's package and version. */
    private static boolean usable(DeployContext ctx, DeployRecord d) {
        if (d.debPath() == null || d.version() == null) {
            return false;
        }
        Path deb = Path.of(d.debPath());
        if (!Files.isRegularFile(deb)) {
            return false;
        }
        try {
            Map<String, String> fields = PackageStage.control(deb);
            return ctx.service().packageName().equals(fields.get("Package")) && d.version().equals(fields.get("Version"));
        } catch (IOException | StageFailure e) {
            return false;
        }
    }
}
