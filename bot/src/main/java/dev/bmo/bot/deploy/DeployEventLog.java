package dev.bmo.bot.deploy;

import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.logging.LogContext;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The few deploy events that also go into BMO's own log, for people reading it in the log store: a deploy
 * requested, decided, started and ended, each stage's start and end, each host's verification and every host
 * that failed or was unreachable, the canary's verdicts and pauses. At INFO (WARN for what went wrong); the
 * rest (every task of every host, the build's output) stays in the deploy's own log ({@code logs <id>}).
 * The line carries the deploy's log context ({@link DeployLogContext}); a line about one host carries
 * {@code deploy.host} too. An event from outside the pipeline's threads (a request, an approval, the start)
 * gets the deploy's keys from its record.
 */
final class DeployEventLog {

    private static final Logger LOG = LoggerFactory.getLogger(DeployEventLog.class);

    private DeployEventLog() {
    }

    /** @param records the deploy's record by id, for events logged outside its pipeline's threads */
    static void log(DeployEvent event, Function<Long, Optional<DeployRecord>> records) {
        if (!LOG.isInfoEnabled()) {
            // the log is not taking progress (the shell, which prints every event itself): its warnings too
            // would only say again what the person watching has just read
            return;
        }
        boolean warn = false;
        String host = null;
        if (event instanceof DeployEvent.StageFinished f) {
            warn = f.outcome() == DeployEvent.StageOutcome.FAILED;
        } else if (event instanceof DeployEvent.HostResult h) {
            boolean bad = h.outcome().equals("failed") || h.outcome().equals("unreachable");
            if (!bad && !h.task().equals("verify")) {
                return; // a task that went well on a host: the deploy's own log has it
            }
            warn = bad;
            host = h.host();
        } else if (event instanceof DeployEvent.Finished f) {
            warn = !f.summary().succeeded();
        } else if (event instanceof DeployEvent.BatchJudged j) {
            warn = !j.verdict().equals("PASS");
        } else if (!(event instanceof DeployEvent.Accepted || event instanceof DeployEvent.Approved
                || event instanceof DeployEvent.Rejected || event instanceof DeployEvent.Queued
                || event instanceof DeployEvent.Started || event instanceof DeployEvent.StageStarted
                || event instanceof DeployEvent.Paused || event instanceof DeployEvent.Resumed)) {
            return;
        }
        try (LogContext.Scope outside = context(event, records); LogContext.Scope about = DeployLogContext.host(host)) {
            String line = DeployEventText.line(event);
            if (warn) {
                LOG.warn("{}", line);
            } else {
                LOG.info("{}", line);
            }
        }
    }

    /** Outside the deploy's own threads (the request, an approval): the deploy's keys from its record. */
    private static LogContext.Scope context(DeployEvent event, Function<Long, Optional<DeployRecord>> records) {
        String id = MDC.get(DeployLogContext.ID);
        if (id != null && id.equals(Long.toString(event.deployId()))) {
            return () -> { };
        }
        Optional<DeployRecord> d;
        try {
            d = records.apply(event.deployId());
        } catch (RuntimeException e) {
            d = Optional.empty();
        }
        if (d.isPresent()) {
            return DeployLogContext.of(d.get());
        }
        if (event instanceof DeployEvent.Accepted a) {
            return DeployLogContext.of(a.deployId(), a.service(), a.env(), null);
        }
        return DeployLogContext.of(event.deployId(), null, null, null);
    }
}
