package dev.bmo.bot.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.DeployEventText;
import dev.bmo.bot.deploy.DeployListener;
import dev.bmo.bot.deploy.DeploySummary;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.HostResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One deploy's conversation in Slack: a {@link DeployListener} on the core's {@link DeployEvent}s. The
 * request is answered at once with one status message (service, version, environment, requester, stage),
 * updated as stages pass; stage, task and host progress goes into that message's thread (batched by
 * {@link SlackOutbox}); the summary ends the thread and updates the status; the full log (every event's
 * {@link DeployEventText} line) is attached to the thread as a file. Every message carries the words people
 * search for: deploy id, service, environment, version, commit, requester and result.
 *
 * <p>The core's text (refs, reasons, commit subjects, tool output) is escaped where it is put into a
 * message, so it is shown as written and never becomes a mention or a link; the thread's own markup goes
 * around it. Events come on the deploy's thread and never wait for Slack.
 */
public final class SlackDeployThread implements DeployListener {

    public static final String APPROVE = "bmo_approve";
    public static final String REJECT = "bmo_reject";
    /** The buttons of a rollout its canary analysis paused. */
    public static final String CONTINUE = "bmo_continue";
    public static final String ROLL_BACK = "bmo_rollback";

    /**
     * A line of a deploy another BMO process runs (approved from the shell, taken from the queue): the
     * decisions and the stages' ends go into the thread as they come, the rest into the log.
     */
    private static final Pattern RELAYED_APPROVAL = Pattern.compile("#\\d+ approved by (\\S+)");
    private static final Pattern RELAYED_NOTABLE = Pattern.compile(
            "#\\d+ (rejected by .*|started|\\[[a-z-]+\\] (passed|failed|skipped) in .*|.* has moved to .*)");

    private final SlackOutbox outbox;
    private final String channel;
    /** The thread the command was typed in, if any: the deploy then talks there. */
    private final String parentThreadTs;

    private long deployId;
    private String service;
    /** The environment as the core names it (what a change summary is against). */
    private String env;
    /** The environment and the hosts asked for, as shown ({@code production/resizer-1}), escaped. */
    private String target;
    private String ref;
    private String requester;
    private String version;
    private String commit;
    private DeployThreadState state = new DeployThreadState.Requested();
    private String approvedBy;
    private final Map<String, StageMark> stages = new LinkedHashMap<>();
    private String currentStage;
    private final StringBuilder log = new StringBuilder();

    private CompletableFuture<String> statusTs;
    private String postedTs;
    private String threadTs;
    private final List<Runnable> waiting = new ArrayList<>();

    public SlackDeployThread(SlackOutbox outbox, String channel, String parentThreadTs) {
        this.outbox = outbox;
        this.channel = channel;
        this.parentThreadTs = parentThreadTs;
    }

    /** Whether the core started a deploy for this command. */
    public synchronized boolean started() {
        return statusTs != null;
    }

    public synchronized boolean isFinished() {
        return state instanceof DeployThreadState.Finished;
    }

    /** The status message's ts (completes once Slack has it). */
    public synchronized CompletableFuture<String> statusTs() {
        return statusTs == null ? CompletableFuture.failedFuture(new IllegalStateException("no deploy")) : statusTs;
    }

    /** Every event's line goes into the log; those the thread shows, it shows. */
    @Override
    public synchronized void on(DeployEvent event) {
        log.append(DeployEventText.line(event)).append('\n');
        if (event instanceof DeployEvent.Accepted a) {
            accepted(a);
        } else if (event instanceof DeployEvent.AwaitingApproval w) {
            awaitingApproval(w);
        } else if (event instanceof DeployEvent.Approved a) {
            approved(a.by());
        } else if (event instanceof DeployEvent.Rejected r) {
            rejected(r.by(), esc(r.reason()));
        } else if (event instanceof DeployEvent.Queued q) {
            line(":hourglass: queued: " + esc(q.heldBy()) + "; it starts when the lock is released");
        } else if (event instanceof DeployEvent.Identified i) {
            identified(i.version(), i.commit());
        } else if (event instanceof DeployEvent.StageStarted s) {
            stageStarted(s.stage());
        } else if (event instanceof DeployEvent.StageFinished f) {
            stageFinished(f);
        } else if (event instanceof DeployEvent.TaskStarted t) {
            line("• task " + esc(t.task()));
        } else if (event instanceof DeployEvent.HostResult h) {
            String tail = h.message() == null || h.message().isBlank() ? "" : " (" + esc(h.message()) + ")";
            line("    " + h.host() + ": " + h.outcome() + tail);
        } else if (event instanceof DeployEvent.BatchJudged j) {
            batchJudged(j.verdict(), esc(j.text()), esc(j.next()));
        } else if (event instanceof DeployEvent.Paused p) {
            paused(esc(p.question()));
        } else if (event instanceof DeployEvent.Resumed r) {
            resumed(r.by(), r.rollBack());
        } else if (event instanceof DeployEvent.Relayed r) {
            relayed(r.line());
        } else if (event instanceof DeployEvent.Finished f) {
            finished(f.summary());
        }
        // Started, LogLine: the log only
    }

    private void accepted(DeployEvent.Accepted a) {
        if (statusTs != null) {
            return;
        }
        this.deployId = a.deployId();
        this.service = a.service();
        this.env = a.env();
        this.target = esc(a.hosts() == null || a.hosts().isEmpty() ? a.env() : a.env() + "/" + a.hosts());
        this.ref = esc(a.ref());
        this.requester = a.requestedBy();
        // the first status already says what is happening: waiting for a second person, or going
        this.state = a.needsApproval() ? new DeployThreadState.AwaitingApproval(null) : new DeployThreadState.Running();
        statusTs = outbox.post(channel, parentThreadTs, statusText(), statusBlocks());
        statusTs.whenComplete((ts, error) -> ready(ts));
    }

    private synchronized void ready(String ts) {
        if (ts != null) {
            postedTs = ts;
            threadTs = parentThreadTs != null ? parentThreadTs : ts;
            waiting.forEach(Runnable::run);
        }
        // when the status message could not be posted the rest of the conversation has nowhere to go
        waiting.clear();
    }

    /** Runs once the status message exists (in order), or drops the write when it could not be posted. */
    private void whenReady(Runnable write) {
        if (statusTs == null) {
            return;
        }
        if (threadTs != null) {
            write.run();
            return;
        }
        // posted but ready() not run yet (it waits for this monitor): queue, or the write would be lost
        boolean failed = statusTs.isDone() && (statusTs.isCompletedExceptionally() || statusTs.getNow(null) == null);
        if (!failed) {
            waiting.add(write);
        }
    }

    private void identified(String version, String commit) {
        if (version != null) {
            this.version = version;
        }
        if (commit != null) {
            this.commit = commit;
        }
        updateStatus();
    }

    /** What approving approves, line by line: the commit, the commits it brings, the modules, a compare link. */
    private void awaitingApproval(DeployEvent.AwaitingApproval w) {
        String approvers = String.join(", ", w.approvers());
        List<String> change = new ArrayList<>();
        if (w.change() != null) {
            change.add(w.change().summary(env));
            change.addAll(w.change().details());
        }
        this.state = new DeployThreadState.AwaitingApproval(approvers);
        updateStatus();
        StringBuilder text = new StringBuilder(":raised_hand: waiting for approval by a second person (" + approvers
                + ")" + (commit == null ? "" : ": approving approves commit " + shortCommit() + " exactly"));
        if (!change.isEmpty()) {
            // commit subjects and author names are anyone's text: escaped, they can never ping or link
            text.append("\n```\n").append(SlackText.escape(String.join("\n", change)).replace("```", "` ` `"))
                    .append("\n```");
        }
        line(text.toString());
    }

    private void approved(String by) {
        this.approvedBy = by;
        this.state = new DeployThreadState.Running();
        line(":white_check_mark: approved by <@" + by + ">");
        updateStatus();
    }

    /** @param reason escaped */
    private void rejected(String by, String reason) {
        this.state = new DeployThreadState.Rejected();
        line(":no_entry: rejected by <@" + by + ">" + (reason == null || reason.isBlank() ? "" : ": " + reason));
        updateStatus();
    }

    private void stageStarted(String stage) {
        stages.put(stage, StageMark.RUNNING);
        currentStage = stage;
        updateStatus();
        line(":arrow_forward: stage *" + stage + "* started");
    }

    /** A skipped stage counts as done, with why it was skipped. */
    private void stageFinished(DeployEvent.StageFinished f) {
        boolean ok = f.outcome() != DeployEvent.StageOutcome.FAILED;
        String detail = f.outcome() == DeployEvent.StageOutcome.SKIPPED
                ? "skipped" + (f.detail() == null ? "" : ": " + f.detail()) : f.detail();
        stages.put(f.stage(), ok ? StageMark.DONE : StageMark.FAILED);
        updateStatus();
        String tail = detail == null || detail.isBlank() ? "" : ": " + esc(detail);
        line((ok ? ":white_check_mark: stage *" : ":x: stage *") + f.stage() + (ok ? "* done in " : "* failed after ")
                + human(f.took()) + tail);
    }

    /** One message per judged batch: the numbers in a code block, the verdict and what happens next above it. */
    private void batchJudged(String verdict, String text, String next) {
        String icon = switch (verdict) {
            case "PASS" -> ":white_check_mark:";
            case "INCONCLUSIVE" -> ":grey_question:";
            case "FAIL" -> ":warning:";
            default -> ":rotating_light:";
        };
        line(icon + " *canary analysis: " + verdict + "* — " + next + "\n```\n" + text.replace("```", "` ` `")
                + "\n```");
    }

    /** A paused rollout needs a person: the requester is mentioned, and the answers are spelled out. */
    private void paused(String question) {
        state = new DeployThreadState.Paused();
        updateStatus();
        line(":double_vertical_bar: <@" + requester + "> the rollout is paused: " + question + "\nAnswer `continue "
                + deployId + "` or `rollback " + deployId + "` (or the buttons above).");
    }

    private void resumed(String by, boolean rollBack) {
        state = new DeployThreadState.Running();
        updateStatus();
        line((rollBack ? ":rewind: " : ":arrow_forward: ") + "<@" + by + "> said " + (rollBack ? "rollback" : "continue"));
    }

    private void relayed(String line) {
        Matcher approval = RELAYED_APPROVAL.matcher(line);
        if (approval.matches()) {
            approved(approval.group(1));
        } else if (RELAYED_NOTABLE.matcher(line).matches()) {
            line(SlackText.escape(line));
        }
    }

    /** The end, whatever it was: the result, the hosts, the summary; the full log attached to the thread. */
    private void finished(DeploySummary s) {
        if (state instanceof DeployThreadState.Finished || statusTs == null) {
            return;
        }
        state = new DeployThreadState.Finished(s.status());
        String result = state.word();
        updateStatus();
        StringBuilder text = new StringBuilder();
        text.append(state.icon()).append(" *Deploy ").append(deployId).append(' ').append(result).append("*: ")
                .append(service).append(version == null ? "" : " version " + version)
                .append(commit == null ? "" : " (commit " + shortCommit() + ")").append(" to ").append(target)
                .append(" in ").append(human(s.total())).append('.');
        if (!s.hosts().isEmpty()) {
            text.append("\nHosts: ").append(String.join(", ", s.hosts().stream().map(h -> esc(host(h))).toList()))
                    .append('.');
        }
        // the requester is mentioned (notified) when the deploy did not succeed: then someone must act
        String who = s.succeeded() ? requester : "<@" + requester + ">";
        text.append("\nRequested by ").append(who).append(approvedBy == null ? "" : ", approved by " + approvedBy)
                .append('.');
        text.append("\n```\n").append(esc(DeployEventText.summary(s)).strip()).append("\n```");
        text.append('\n').append(tags());
        String logText = log.toString();
        String filename = "bmo-deploy-" + deployId + "-" + service + "-" + target + ".log";
        String title = "deploy " + deployId + " log: " + service + (version == null ? "" : " " + version) + " to "
                + target + " (" + result + ")";
        whenReady(() -> {
            outbox.post(channel, threadTs, text.toString());
            outbox.upload(channel, threadTs, filename, title, logText.isEmpty() ? "(empty log)" : logText, tags());
        });
    }

    private void line(String text) {
        whenReady(() -> outbox.appendToThread(channel, threadTs, text, tags()));
    }

    private void updateStatus() {
        if (statusTs == null) {
            return;
        }
        String text = statusText();
        List<LayoutBlock> blocks = statusBlocks();
        whenReady(() -> outbox.update(channel, postedTs, text, blocks));
    }

    /** The words Slack search should find this deploy by, in one line. */
    synchronized String tags() {
        return "_deploy " + deployId + " · service " + service + " · env " + target + " · version "
                + (version == null ? "(pending)" : version) + " · commit " + (commit == null ? "(pending)" : commit)
                + " · ref " + ref + " · requested by " + requester + " · result " + state.word() + "_";
    }

    synchronized String statusText() {
        StringBuilder s = new StringBuilder();
        s.append(state.icon()).append(" *Deploy ").append(deployId).append("*: ").append(service)
                .append(version == null ? "" : " " + version).append(" to ").append(target).append(" — *")
                .append(state.word()).append('*');
        if (currentStage != null && !(state instanceof DeployThreadState.Finished)) {
            s.append(" (stage ").append(currentStage).append(")");
        }
        if (!stages.isEmpty()) {
            s.append("\n");
            List<String> marks = new ArrayList<>();
            stages.forEach((name, mark) -> marks.add(mark.icon + " " + name));
            s.append(String.join("  ", marks));
        }
        if (state instanceof DeployThreadState.AwaitingApproval w && w.approvers() != null) {
            s.append("\nWaiting for approval by ").append(w.approvers()).append(" (not <@").append(requester)
                    .append(">: a second person must approve).");
        }
        return s.toString();
    }

    private List<LayoutBlock> statusBlocks() {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(statusText()))));
        String id = String.valueOf(deployId);
        if (state instanceof DeployThreadState.AwaitingApproval w && w.approvers() != null) {
            blocks.add(actions(a -> a.blockId("bmo_approval_" + id).elements(List.of(
                    button(b -> b.actionId(APPROVE).value(id).style("primary").text(plainText("Approve"))),
                    button(b -> b.actionId(REJECT).value(id).style("danger").text(plainText("Reject")))))));
        }
        if (state instanceof DeployThreadState.Paused) {
            blocks.add(actions(a -> a.blockId("bmo_paused_" + id).elements(List.of(
                    button(b -> b.actionId(CONTINUE).value(id).style("primary").text(plainText("Continue"))),
                    button(b -> b.actionId(ROLL_BACK).value(id).style("danger").text(plainText("Roll back")))))));
        }
        blocks.add(context(c -> c.elements(List.of(markdownText(tags())))));
        return blocks;
    }

    private String shortCommit() {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    private static String host(HostResult h) {
        return h.host() + " " + h.result() + (h.version() == null ? "" : " (" + h.version() + ")");
    }

    private static String esc(String text) {
        return text == null ? null : SlackText.escape(text);
    }

    static String human(Duration d) {
        if (d == null) {
            return "?";
        }
        long ms = d.toMillis();
        if (ms < 60_000) {
            return String.format("%.1fs", ms / 1000.0);
        }
        return (ms / 60_000) + "m " + (ms % 60_000) / 1000 + "s";
    }
}
