package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.deploy.StageFailure;
import dev.bmo.bot.git.GitRepo;

/**
 * Fixes the one commit every later stage works on: the commit recorded when the deploy was requested
 * (what was shown and approved), or for a deploy recorded without one, the ref's commit now.
 */
public class ResolveStage implements Stage {

    @Override
    public String name() {
        return "resolve";
    }

    @Override
    public StageResult run(DeployContext ctx) throws StageFailure {
        GitRepo git = ctx.git();
        String ref = ctx.deploy().ref();
        String now = git.resolve(ref).orElse(null);
        String pinned = ctx.deploy().commit();
        if (pinned != null) {
            ctx.commit(pinned);
            if (now != null && !now.equals(pinned)) {
                ctx.log(ref + " has moved to " + now.substring(0, 12) + " since this deploy was requested: it ships "
                        + pinned.substring(0, 12) + ", the commit requested" + (ctx.deploy().approvedBy() == null ? ""
                        : " and approved") + " (deploy again for the new one)");
            }
            return StageResult.passed(ref + " was " + pinned.substring(0, Math.min(12, pinned.length()))
                    + " when requested: \"" + git.subject(pinned) + "\"");
        }
        String commit = now;
        if (commit == null) {
            throw new StageFailure("'" + ref + "' is not a branch, tag or commit of " + git.origin()
                    .orElse(git.dir().toString()));
        }
        ctx.commit(commit);
        return StageResult.passed(ref + " is " + commit.substring(0, Math.min(12, commit.length())) + " \""
                + git.subject(commit) + "\"");
    }
}
