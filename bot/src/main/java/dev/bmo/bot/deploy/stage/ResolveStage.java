package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.deploy.StageFailure;
import dev.bmo.bot.git.GitRepo;

/** Resolves the ref to one commit, so every later stage works on exactly that commit. */
public class ResolveStage implements Stage {

    private final GitRepo git;

    public ResolveStage(GitRepo git) {
        this.git = git;
    }

    @Override
    public String name() {
        return "resolve";
    }

    @Override
    public StageResult run(DeployContext ctx) throws StageFailure {
        String ref = ctx.deploy().ref();
        String commit = git.resolve(ref).orElseThrow(() -> new StageFailure("'" + ref
                + "' is not a branch, tag or commit of this repository"));
        ctx.commit(commit);
        return StageResult.passed(ref + " is " + commit.substring(0, Math.min(12, commit.length())) + " \""
                + git.subject(commit) + "\"");
    }
}
