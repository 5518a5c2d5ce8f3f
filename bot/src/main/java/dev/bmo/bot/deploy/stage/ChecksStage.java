package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.deploy.StageFailure;

/**
 * The pre-deploy checks that {@code deploy!} may skip: the commit must be on the environment's
 * default branch where the catalog asks for it. (Permissions and locks are not checks of this kind:
 * they are decided before the pipeline and never skipped.)
 */
public class ChecksStage implements Stage {

    @Override
    public String name() {
        return "checks";
    }

    @Override
    public StageResult run(DeployContext ctx) throws StageFailure {
        if (!ctx.env().requireDefaultBranch()) {
            return StageResult.passed("no checks required in " + ctx.env().name());
        }
        String branch = ctx.env().defaultBranch();
        if (ctx.deploy().forced()) {
            return StageResult.skipped("skipped with '!': the commit need not be on " + branch);
        }
        if (ctx.deploy().isRollback()) {
            return StageResult.passed("a rollback restores a version that passed before");
        }
        if (!ctx.git().isAncestor(ctx.commit(), branch)) {
            throw new StageFailure("commit " + ctx.commit().substring(0, 12) + " is not on " + branch + ", which "
                    + ctx.env().name() + " requires (deploy! skips this check)");
        }
        return StageResult.passed("the commit is on " + branch);
    }
}
