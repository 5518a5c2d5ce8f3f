package dev.bmo.bot.deploy;

import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.HostResult;
import java.time.Duration;
import java.util.stream.Collectors;

/** The plain-text line of each event: what the shell prints and what the stored log keeps. */
public final class DeployEventText {

    private DeployEventText() {
    }

    public static String line(DeployEvent event) {
        String id = "#" + event.deployId();
        if (event instanceof DeployEvent.Accepted a) {
            return id + " " + a.kind() + " of " + a.service() + " to " + a.env()
                    + (a.hosts() == null || a.hosts().isEmpty() ? "" : "/" + a.hosts()) + " at " + a.ref()
                    + " requested by " + a.requestedBy();
        } else if (event instanceof DeployEvent.AwaitingApproval w) {
            return id + " waits for approval by a second person (" + String.join(", ", w.approvers())
                    + "): approve " + event.deployId() + " / reject " + event.deployId();
        } else if (event instanceof DeployEvent.Approved a) {
            return id + " approved by " + a.by();
        } else if (event instanceof DeployEvent.Rejected r) {
            return id + " rejected by " + r.by() + (r.reason() == null ? "" : ": " + r.reason());
        } else if (event instanceof DeployEvent.Queued q) {
            return id + " queued: " + q.heldBy() + "; it starts when the lock is released";
        } else if (event instanceof DeployEvent.Started) {
            return id + " started";
        } else if (event instanceof DeployEvent.Identified i) {
            return id + " is commit " + (i.commit() == null ? "?" : i.commit())
                    + (i.version() == null ? "" : ", version " + i.version());
        } else if (event instanceof DeployEvent.StageStarted s) {
            return id + " [" + s.stage() + "] ...";
        } else if (event instanceof DeployEvent.StageFinished f) {
            return id + " [" + f.stage() + "] " + f.outcome().name().toLowerCase() + " in " + human(f.took())
                    + (f.detail() == null || f.detail().isEmpty() ? "" : ": " + f.detail());
        } else if (event instanceof DeployEvent.TaskStarted t) {
            return id + "   task: " + t.task();
        } else if (event instanceof DeployEvent.HostResult h) {
            return id + "     " + h.host() + ": " + h.outcome()
                    + (h.message() == null || h.message().isEmpty() ? "" : " - " + h.message());
        } else if (event instanceof DeployEvent.Relayed r) {
            return r.line();
        } else if (event instanceof DeployEvent.LogLine l) {
            return id + "   " + l.line();
        } else if (event instanceof DeployEvent.BatchJudged j) {
            return id + " [analysis] " + j.text().replace("\n", "\n" + id + " [analysis] ") + "\n" + id
                    + " [analysis] next: " + j.next();
        } else if (event instanceof DeployEvent.Paused p) {
            return id + " paused: " + p.question() + " (continue " + event.deployId() + " / rollback "
                    + event.deployId() + ")";
        } else if (event instanceof DeployEvent.Resumed r) {
            return id + " " + (r.rollBack() ? "to be rolled back" : "resumed") + " by " + r.by();
        } else if (event instanceof DeployEvent.Finished f) {
            return summary(f.summary());
        }
        return id + " " + event;
    }

    /** The note a BMO prints at start for a deploy it found cut short (and marked interrupted). */
    public static String interrupted(DeployRecord d) {
        return "Note: deploy #" + d.id() + " (" + d.kind() + " of " + d.target() + " by " + d.requestedBy() + ") was "
                + d.detail() + ".";
    }

    public static String summary(DeploySummary s) {
        StringBuilder b = new StringBuilder();
        b.append("#").append(s.deployId()).append(" ").append(s.kind()).append(" of ").append(s.service())
                .append(" to ").append(s.env()).append(": ").append(s.status().word().toUpperCase());
        if (s.version() != null) {
            b.append(" | version ").append(s.version());
        }
        if (s.commit() != null) {
            b.append(" | commit ").append(s.commit(), 0, Math.min(12, s.commit().length()));
        }
        b.append(" | by ").append(s.requestedBy()).append(" | ").append(human(s.total()));
        if (!s.hosts().isEmpty()) {
            b.append("\n  hosts: ").append(s.hosts().stream().map(DeployEventText::host)
                    .collect(Collectors.joining(", ")));
        }
        if (!s.stages().isEmpty()) {
            b.append("\n  stages: ").append(s.stages().entrySet().stream()
                    .map(e -> e.getKey() + " " + human(e.getValue())).collect(Collectors.joining(", ")));
        }
        if (s.detail() != null && !s.detail().isEmpty()) {
            b.append("\n  ").append(s.detail());
        }
        b.append("\n  full log: logs ").append(s.deployId());
        return b.toString();
    }

    private static String host(HostResult h) {
        return h.host() + " " + h.result() + (h.version() == null ? "" : " (" + h.version() + ")");
    }

    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format("%.1f s", ms / 1000.0);
        }
        return (ms / 60_000) + " min " + (ms % 60_000) / 1000 + " s";
    }
}
