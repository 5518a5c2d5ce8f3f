package dev.bmo.bot.slack;

import java.time.Duration;
import java.util.List;

/**
 * What a chat adapter hears from one deploy while it runs. It mirrors the core's deploy events
 * (stage started/finished, task, host result, log line, summary); {@link CommandGateway}
 * implementations translate the core's own event types into these calls. Calls come from the
 * deploy's thread and must not block it.
 */
public interface DeployProgress {

    /**
     * The core took the request: the deploy has an id (before anything runs); {@code awaitingApproval}:
     * it waits for a second person before anything runs.
     */
    void accepted(long deployId, String service, String env, String ref, String requester, boolean awaitingApproval);

    /** What was resolved or built: the version and the commit (either may be null until known). */
    void identified(String version, String commit);

    /**
     * The deploy waits for a second person (who may approve is said in {@code approvers}); {@code change}
     * is what approving approves, line by line (the commit, the commits it brings, the modules it touches,
     * a compare link), plain text.
     */
    void approvalNeeded(String approvers, List<String> change);

    /** Someone approved or rejected the waiting deploy. */
    void approvalDecided(boolean approved, String by, String reason);

    void stageStarted(String stage);

    void stageFinished(String stage, boolean ok, Duration took, String detail);

    /** An Ansible task started (on all hosts of the current batch). */
    void task(String name);

    /** One host's outcome of a task or of the whole rollout: ok, changed, failed, unreachable... */
    void hostResult(String host, String result, String detail);

    /** Something worth saying in the thread that is none of the above (queued behind a lock, say). */
    default void note(String text) {
    }

    /**
     * The canary analysis judged a batch: {@code text} the compact account (escaped), {@code verdict} PASS,
     * INCONCLUSIVE, FAIL or CRITICAL, {@code next} what BMO does about it.
     */
    default void batchJudged(String verdict, String text, String next) {
        note(verdict + ": " + text + "\n" + next);
    }

    /** The rollout waits for a person to say continue or rollback (escaped question). */
    default void paused(String question) {
        note(question);
    }

    /** Someone answered the paused rollout (a Slack user id): it goes on, or its batch is rolled back. */
    default void resumed(String by, boolean rollBack) {
        note((rollBack ? ":rewind: " : ":arrow_forward: ") + "<@" + by + "> said " + (rollBack ? "rollback" : "continue"));
    }

    /** A line of the deploy's full log (not posted line by line: it goes into the log file). */
    void logLine(String line);

    /** The end, whatever it was: result word (succeeded, failed, interrupted...), hosts, the full log. */
    void finished(String result, Duration took, List<String> hosts, String summary, String fullLog);

    /** Hears nothing: for commands that are not deploys. */
    DeployProgress NONE = new DeployProgress() {
        @Override
        public void accepted(long deployId, String service, String env, String ref, String requester,
                boolean awaitingApproval) {
        }

        @Override
        public void identified(String version, String commit) {
        }

        @Override
        public void approvalNeeded(String approvers, List<String> change) {
        }

        @Override
        public void approvalDecided(boolean approved, String by, String reason) {
        }

        @Override
        public void stageStarted(String stage) {
        }

        @Override
        public void stageFinished(String stage, boolean ok, Duration took, String detail) {
        }

        @Override
        public void task(String name) {
        }

        @Override
        public void hostResult(String host, String result, String detail) {
        }

        @Override
        public void logLine(String line) {
        }

        @Override
        public void finished(String result, Duration took, List<String> hosts, String summary, String fullLog) {
        }
    };
}
