package dev.bmo.bot.deploy;

/**
 * One step of the deploy pipeline (resolve, checks, build, package, publish, deploy, verify,
 * record). Stages run in order; a stage fails by throwing {@link StageFailure}, which stops the
 * pipeline.
 */
public interface Stage {

    String name();

    StageResult run(DeployContext ctx) throws Exception;

    /** How a stage that did not fail ended: passed with a detail, or skipped with the reason. */
    record StageResult(boolean skipped, String detail) {

        public static StageResult passed(String detail) {
            return new StageResult(false, detail);
        }

        public static StageResult skipped(String why) {
            return new StageResult(true, why);
        }
    }
}
