package dev.bmo.bot.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What happens to a deploy, as it happens. Chat adapters subscribe ({@link DeployListener}) and show
 * these their own way: the shell prints a line each, Slack updates a status message and posts into
 * a thread. {@link DeployEventText} gives the plain-text line, which is also what the stored log holds.
 */
public sealed interface DeployEvent {

    long deployId();

    Instant at();

    /** The request was accepted (recorded); what was asked for, by whom, and whether it waits for approval. */
    record Accepted(long deployId, Instant at, String kind, String service, String env, String hosts, String ref,
            String requestedBy, boolean needsApproval) implements DeployEvent {
    }

    /**
     * The environment needs a second person: the deploy waits for {@code approve}/{@code reject}.
     * {@code change}: what approving approves (the pinned commit and what it changes), null if unknown.
     */
    record AwaitingApproval(long deployId, Instant at, List<String> approvers, RequestedChange change)
            implements DeployEvent {
    }

    record Approved(long deployId, Instant at, String by) implements DeployEvent {
    }

    record Rejected(long deployId, Instant at, String by, String reason) implements DeployEvent {
    }

    /** Someone else holds the lock and the caller asked to queue: it starts when the lock is free. */
    record Queued(long deployId, Instant at, String heldBy) implements DeployEvent {
    }

    /** The deploy holds the lock and its pipeline starts now. */
    record Started(long deployId, Instant at) implements DeployEvent {
    }

    /** What the deploy installs became known (the commit after resolve, the version after packaging). */
    record Identified(long deployId, Instant at, String commit, String version) implements DeployEvent {
    }

    record StageStarted(long deployId, Instant at, String stage) implements DeployEvent {
    }

    /** A stage ended: passed, skipped (with why) or failed (with what went wrong). */
    record StageFinished(long deployId, Instant at, String stage, StageOutcome outcome, Duration took, String detail)
            implements DeployEvent {
    }

    /** Ansible started a task (on the hosts of the current batch). */
    record TaskStarted(long deployId, Instant at, String task) implements DeployEvent {
    }

    /** One host's result for one task, or for a whole step (verify). Outcome: ok, changed, failed, ... */
    record HostResult(long deployId, Instant at, String host, String task, String outcome, String message)
            implements DeployEvent {
    }

    /**
     * A line of the deploy's log that another BMO process wrote (it runs the deploy): relayed as it is
     * to whoever follows the deploy here, never stored again.
     */
    record Relayed(long deployId, Instant at, String line) implements DeployEvent {
    }

    /** Free text worth keeping in the log (build output, packaging output, notes). */
    record LogLine(long deployId, Instant at, String line) implements DeployEvent {
    }

    /**
     * The canary analysis judged a batch by its traffic: {@code text} is the compact account (sides, 5xx,
     * latency, verdict), {@code next} what BMO does about it; {@code verdict} PASS, INCONCLUSIVE, FAIL or CRITICAL.
     */
    record BatchJudged(long deployId, Instant at, String verdict, String text, String next) implements DeployEvent {
    }

    /** The rollout waits for a person ({@code continue <id>} / {@code rollback <id>}): the question says why. */
    record Paused(long deployId, Instant at, String question) implements DeployEvent {
    }

    /** A person answered a paused rollout: go on, or roll the batch back. */
    record Resumed(long deployId, Instant at, String by, boolean rollBack) implements DeployEvent {
    }

    /** The end, whatever it was: the summary people read. */
    record Finished(long deployId, Instant at, DeploySummary summary) implements DeployEvent {
    }

    enum StageOutcome {
        PASSED, SKIPPED, FAILED
    }
}
