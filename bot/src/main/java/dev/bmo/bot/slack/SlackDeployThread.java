package dev.bmo.bot.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One deploy's conversation in Slack. The request is answered at once with one status message
 * (service, version, environment, requester, stage), updated as stages pass; stage, task and host
 * progress goes into that message's thread (batched by {@link SlackOutbox}); the summary ends the
 * thread and updates the status; the full log is attached to the thread as a file. Every message
 * carries the words people search for: deploy id, service, environment, version, commit,
 * requester and result.
 */
public final class SlackDeployThread implements DeployProgress {

    public static final String APPROVE = "bmo_approve";
    public static final String REJECT = "bmo_reject";
    /** The buttons of a rollout its canary analysis paused. */
    public static final String CONTINUE = "bmo_continue";
    public static final String ROLL_BACK = "bmo_rollback";

    private final SlackOutbox outbox;
    private final String channel;
    /** The thread the command was typed in, if any: the deploy then talks there. */
    private final String parentThreadTs;

    private long deployId;
    private String service;
    private String env;
    private String ref;
    private String requester;
    private String version;
    private String commit;
    private String state = "requested";
    private String approvers;
    private String approvedBy;
    private final Map<String, String> stages = new LinkedHashMap<>();
    private String currentStage;
    private final StringBuilder log = new StringBuilder();

    private CompletableFuture<String> statusTs;
    private String postedTs;
    private String threadTs;
    private final List<Runnable> waiting = new ArrayList<>();
    private CompletableFuture<String> logFile = new CompletableFuture<>();
    private boolean finished;

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
        return finished;
    }

    public synchronized long deployId() {
        return deployId;
    }

    /** The status message's ts (completes once Slack has it). */
    public synchronized CompletableFuture<String> statusTs() {
        return statusTs == null ? CompletableFuture.failedFuture(new IllegalStateException("no deploy")) : statusTs;
    }

    /** The full log's file id once uploaded. */
    public CompletableFuture<String> logFile() {
        return logFile;
    }

    @Override
    public synchronized void accepted(long id, String service, String env, String ref, String requester,
            boolean awaitingApproval) {
        if (statusTs != null) {
            return;
        }
        this.deployId = id;
        this.service = service;
        this.env = env;
        this.ref = ref;
        this.requester = requester;
        // the first status already says what is happening: waiting for a second person, or going
        this.state = awaitingApproval ? "awaiting approval" : "running";
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
    private synchronized void whenReady(Runnable write) {
        if (statusTs == null) {
            return;
        }
        if (threadTs == null && !statusTs.isDone()) {
            waiting.add(write);
            return;
        }
        if (threadTs != null) {
            write.run();
        }
    }

    @Override
    public synchronized void identified(String version, String commit) {
        if (version != null) {
            this.version = version;
        }
        if (commit != null) {
            this.commit = commit;
        }
        updateStatus();
    }

    @Override
    public synchronized void approvalNeeded(String approvers, List<String> change) {
        this.approvers = approvers;
        this.state = "awaiting approval";
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

    @Override
    public synchronized void approvalDecided(boolean approved, String by, String reason) {
        this.approvers = null;
        if (approved) {
            this.approvedBy = by;
            this.state = "running";
            line(":white_check_mark: approved by <@" + by + ">");
        } else {
            this.state = "rejected";
            line(":no_entry: rejected by <@" + by + ">" + (reason == null || reason.isBlank() ? "" : ": " + reason));
        }
        updateStatus();
    }

    @Override
    public synchronized void stageStarted(String stage) {
        stages.put(stage, "running");
        currentStage = stage;
        updateStatus();
        line(":arrow_forward: stage *" + stage + "* started");
    }

    @Override
    public synchronized void stageFinished(String stage, boolean ok, Duration took, String detail) {
        stages.put(stage, ok ? "done" : "failed");
        updateStatus();
        String tail = detail == null || detail.isBlank() ? "" : ": " + detail;
        line((ok ? ":white_check_mark: stage *" : ":x: stage *") + stage + (ok ? "* done in " : "* failed after ")
                + human(took) + tail);
    }

    @Override
    public synchronized void task(String name) {
        line("• task " + name);
    }

    @Override
    public synchronized void hostResult(String host, String result, String detail) {
        String tail = detail == null || detail.isBlank() ? "" : " (" + detail + ")";
        line("    " + host + ": " + result + tail);
    }

    /** One message per judged batch: the numbers in a code block, the verdict and what happens next above it. */
    @Override
    public synchronized void batchJudged(String verdict, String text, String next) {
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
    @Override
    public synchronized void paused(String question) {
        state = "paused";
        updateStatus();
        line(":double_vertical_bar: <@" + requester + "> the rollout is paused: " + question + "\nAnswer `continue "
                + deployId + "` or `rollback " + deployId + "` (or the buttons above).");
    }

    @Override
    public synchronized void resumed(String by, boolean rollBack) {
        state = "running";
        updateStatus();
        line((rollBack ? ":rewind: " : ":arrow_forward: ") + "<@" + by + "> said " + (rollBack ? "rollback" : "continue"));
    }

    @Override
    public synchronized void note(String text) {
        line(text);
    }

    @Override
    public synchronized void logLine(String line) {
        log.append(line).append('\n');
    }

    @Override
    public synchronized void finished(String result, Duration took, List<String> hosts, String summary,
            String fullLog) {
        if (finished || statusTs == null) {
            return;
        }
        finished = true;
        state = result;
        updateStatus();
        StringBuilder text = new StringBuilder();
        text.append(icon(result)).append(" *Deploy ").append(deployId).append(' ').append(result).append("*: ")
                .append(service).append(version == null ? "" : " version " + version)
                .append(commit == null ? "" : " (commit " + shortCommit() + ")").append(" to ").append(env)
                .append(" in ").append(human(took)).append('.');
        if (hosts != null && !hosts.isEmpty()) {
            text.append("\nHosts: ").append(String.join(", ", hosts)).append('.');
        }
        // the requester is mentioned (notified) when the deploy did not succeed: then someone must act
        String who = result.equals("succeeded") ? requester : "<@" + requester + ">";
        text.append("\nRequested by ").append(who).append(approvedBy == null ? "" : ", approved by " + approvedBy)
                .append('.');
        if (summary != null && !summary.isBlank()) {
            text.append("\n```\n").append(summary.strip()).append("\n```");
        }
        text.append('\n').append(tags());
        String logText = fullLog != null && !fullLog.isEmpty() ? fullLog : log.toString();
        String filename = "bmo-deploy-" + deployId + "-" + service + "-" + env + ".log";
        String title = "deploy " + deployId + " log: " + service + (version == null ? "" : " " + version) + " to "
                + env + " (" + result + ")";
        whenReady(() -> {
            outbox.post(channel, threadTs, text.toString());
            outbox.upload(channel, threadTs, filename, title, logText.isEmpty() ? "(empty log)" : logText, tags())
                    .whenComplete((id, error) -> {
                        if (error == null) {
                            logFile.complete(id);
                        } else {
                            logFile.completeExceptionally(error);
                        }
                    });
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
        return "_deploy " + deployId + " · service " + service + " · env " + env + " · version "
                + (version == null ? "(pending)" : version) + " · commit " + (commit == null ? "(pending)" : commit)
                + " · ref " + ref + " · requested by " + requester + " · result " + state + "_";
    }

    synchronized String statusText() {
        StringBuilder s = new StringBuilder();
        s.append(icon(state)).append(" *Deploy ").append(deployId).append("*: ").append(service)
                .append(version == null ? "" : " " + version).append(" to ").append(env).append(" — *")
                .append(state).append('*');
        if (currentStage != null && !finished) {
            s.append(" (stage ").append(currentStage).append(")");
        }
        if (!stages.isEmpty()) {
            s.append("\n");
            List<String> marks = new ArrayList<>();
            stages.forEach((name, st) -> marks.add(mark(st) + " " + name));
            s.append(String.join("  ", marks));
        }
        if (approvers != null) {
            s.append("\nWaiting for approval by ").append(approvers).append(" (not <@").append(requester)
                    .append(">: a second person must approve).");
        }
        return s.toString();
    }

    private List<LayoutBlock> statusBlocks() {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(statusText()))));
        if (approvers != null) {
            String id = String.valueOf(deployId);
            blocks.add(actions(a -> a.blockId("bmo_approval_" + id).elements(List.of(
                    button(b -> b.actionId(APPROVE).value(id).style("primary").text(plainText("Approve"))),
                    button(b -> b.actionId(REJECT).value(id).style("danger").text(plainText("Reject")))))));
        }
        if (state.equals("paused")) {
            String id = String.valueOf(deployId);
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

    private static String mark(String stageState) {
        return switch (stageState) {
            case "done" -> ":white_check_mark:";
            case "failed" -> ":x:";
            default -> ":hourglass_flowing_sand:";
        };
    }

    private static String icon(String state) {
        return switch (state) {
            case "succeeded" -> ":white_check_mark:";
            case "failed", "rejected", "refused" -> ":x:";
            case "awaiting approval" -> ":raised_hand:";
            case "paused" -> ":double_vertical_bar:";
            case "running", "requested" -> ":rocket:";
            default -> ":warning:";
        };
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
