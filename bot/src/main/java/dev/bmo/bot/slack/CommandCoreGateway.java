package dev.bmo.bot.slack;

import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.CommandCore;
import dev.bmo.bot.command.CommandRequest;
import dev.bmo.bot.command.Reply;
import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.DeployEventText;
import dev.bmo.bot.deploy.DeployListener;
import dev.bmo.bot.deploy.DeploySummary;
import dev.bmo.bot.history.HostResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway onto BMO's command core: the command text with the Slack message's request key (so
 * the core's idempotent deploy requests never start a second deploy for a redelivered message)
 * and a listener that turns the core's deploy events into the Slack thread's {@link DeployProgress}.
 */
public final class CommandCoreGateway implements CommandGateway {

    private final CommandCore core;

    public CommandCoreGateway(CommandCore core) {
        this.core = core;
    }

    @Override
    public Reply handle(Caller caller, String text, String requestKey, DeployProgress progress) {
        DeployListener listener = progress == DeployProgress.NONE ? DeployListener.NONE : new Bridge(progress);
        return core.handle(new CommandRequest(caller, text, requestKey, requestKey, listener));
    }

    /** The core's events, one by one, as the thread's calls; every event's text line also goes into the log. */
    static final class Bridge implements DeployListener {

        private final DeployProgress progress;
        private String env = "";

        Bridge(DeployProgress progress) {
            this.progress = progress;
        }

        private void relayed(String line) {
            Matcher approved = APPROVED.matcher(line);
            if (approved.matches()) {
                progress.approvalDecided(true, approved.group(1), null);
            } else if (NOTABLE.matcher(line).matches()) {
                progress.note(SlackText.escape(line));
            }
        }

        @Override
        public void on(DeployEvent event) {
            if (event instanceof DeployEvent.Accepted a) {
                env = a.env();
                String target = a.hosts() == null || a.hosts().isEmpty() ? a.env() : a.env() + "/" + a.hosts();
                progress.accepted(a.deployId(), a.service(), esc(target), esc(a.ref()), a.requestedBy(),
                        a.needsApproval());
            } else if (event instanceof DeployEvent.AwaitingApproval w) {
                List<String> change = new ArrayList<>();
                if (w.change() != null) {
                    change.add(w.change().summary(env));
                    change.addAll(w.change().details());
                }
                progress.approvalNeeded(String.join(", ", w.approvers()), change);
            } else if (event instanceof DeployEvent.Approved a) {
                progress.approvalDecided(true, a.by(), null);
            } else if (event instanceof DeployEvent.Rejected r) {
                progress.approvalDecided(false, r.by(), esc(r.reason()));
            } else if (event instanceof DeployEvent.Queued q) {
                progress.note(":hourglass: queued: " + esc(q.heldBy()) + "; it starts when the lock is released");
            } else if (event instanceof DeployEvent.Identified i) {
                progress.identified(i.version(), i.commit());
            } else if (event instanceof DeployEvent.StageStarted s) {
                progress.stageStarted(s.stage());
            } else if (event instanceof DeployEvent.StageFinished f) {
                boolean skipped = f.outcome() == DeployEvent.StageOutcome.SKIPPED;
                String detail = skipped ? "skipped" + (f.detail() == null ? "" : ": " + f.detail()) : f.detail();
                progress.stageFinished(f.stage(), f.outcome() != DeployEvent.StageOutcome.FAILED, f.took(), esc(detail));
            } else if (event instanceof DeployEvent.TaskStarted t) {
                progress.task(esc(t.task()));
            } else if (event instanceof DeployEvent.HostResult h) {
                progress.hostResult(h.host(), h.outcome(), esc(h.message()));
            } else if (event instanceof DeployEvent.BatchJudged j) {
                progress.batchJudged(j.verdict(), esc(j.text()), esc(j.next()));
            } else if (event instanceof DeployEvent.Paused p) {
                progress.paused(esc(p.question()));
            } else if (event instanceof DeployEvent.Resumed r) {
                progress.resumed(r.by(), r.rollBack());
            } else if (event instanceof DeployEvent.Relayed r) {
                relayed(r.line());
            }
            if (event instanceof DeployEvent.Finished f) {
                DeploySummary s = f.summary();
                progress.logLine(DeployEventText.line(event));
                List<String> hosts = s.hosts().stream().map(CommandCoreGateway::host).toList();
                progress.finished(s.status().word(), s.total(), hosts.stream().map(CommandCoreGateway::esc).toList(),
                        esc(DeployEventText.summary(s)), null);
            } else {
                // the same lines the core keeps as the deploy's log
                progress.logLine(DeployEventText.line(event));
            }
        }
    }

    /**
     * A line of a deploy another BMO process runs (approved from the shell, taken from the queue):
     * the decisions and the stages' ends go into the thread as they come, the rest into the log.
     */
    private static final Pattern APPROVED = Pattern.compile("#\\d+ approved by (\\S+)");
    private static final Pattern NOTABLE = Pattern.compile(
            "#\\d+ (rejected by .*|started|\\[[a-z-]+\\] (passed|failed|skipped) in .*|.* has moved to .*)");

    /**
     * The core's text (refs, reasons, commit subjects, tool output) as Slack text: escaped, so it is shown as
     * written and never becomes a mention or a link. The thread's own markup is added around it.
     */
    private static String esc(String text) {
        return text == null ? null : SlackText.escape(text);
    }

    private static String host(HostResult h) {
        return h.host() + " " + h.result() + (h.version() == null ? "" : " (" + h.version() + ")");
    }
}
