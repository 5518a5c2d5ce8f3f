package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.deploy.DeployContext;
import java.nio.file.Files;
import java.nio.file.Path;

/** A rollback installs the package an earlier deploy built, when that file is still there. */
final class ReusedArtifacts {

    private ReusedArtifacts() {
    }

    static boolean apply(DeployContext ctx) {
        if (ctx.reuse() == null || ctx.reuse().debPath() == null || ctx.reuse().version() == null) {
            return false;
        }
        Path deb = Path.of(ctx.reuse().debPath());
        if (!Files.isRegularFile(deb)) {
            return false;
        }
        ctx.deb(deb);
        ctx.version(ctx.reuse().version());
        return true;
    }
}
