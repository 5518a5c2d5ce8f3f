package dev.bmo.bot.deploy;

import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy events' bus: each event's line is stored as the deploy's log and logged (with the
 * deploy's MDC context, {@link DeployEventLog}), then handed to the deploy's own listeners and to every
 * subscriber, in order, one deploy's events never overtaking each other. A listener that throws is
 * logged and skipped. Deploys followed here but run by another BMO reach their listeners from the
 * stored log ({@link #relayFromElsewhere}).
 */
final class DeployEvents {

    private static final Logger LOG = LoggerFactory.getLogger(DeployEvents.class);

    private final DeployHistory history;
    private final LiveDeploys live;
    private final List<DeployListener> subscribers = new CopyOnWriteArrayList<>();
    /** For deploys followed here but run elsewhere: the last log line seen. */
    private final Map<Long, Integer> seenLines = new ConcurrentHashMap<>();

    DeployEvents(DeployHistory history, LiveDeploys live) {
        this.history = history;
        this.live = live;
    }

    /** Every deploy's events, for adapters that report deploys they did not start. */
    void subscribe(DeployListener listener) {
        subscribers.add(listener);
    }

    void unsubscribe(DeployListener listener) {
        subscribers.remove(listener);
    }

    /** Attaches a listener to one deploy that is still going; nothing when it is not followed here. */
    void follow(long id, DeployListener listener) {
        LiveDeploys.Live l = live.get(id);
        if (l != null) {
            l.listeners.add(listener);
        }
    }

    /** Stores, logs and delivers one event of a deploy. */
    void emit(long id, DeployEvent event) {
        LiveDeploys.Live l = live.get(id);
        Object order = l == null ? this : l;
        synchronized (order) {
            try {
                history.appendLog(id, DeployEventText.line(event));
                if (!live.runsHere(id)) {
                    seenLines.put(id, history.lastSeq(id)); // what this process wrote, its listeners have
                }
            } catch (RuntimeException e) {
                LOG.warn("deploy #{}: could not store a log line", id, e);
            }
            DeployEventLog.log(event, history::find);
            if (l != null) {
                l.listeners.forEach(listener -> deliver(listener, event));
            }
            subscribers.forEach(listener -> deliver(listener, event));
        }
    }

    /** An event for the subscribers alone, not stored (a deploy taken over from a gone BMO ended). */
    void toSubscribers(DeployEvent event) {
        subscribers.forEach(listener -> deliver(listener, event));
    }

    /**
     * Deploys followed here (requested here, say) that another BMO process runs (approved from the shell,
     * started from its queue, taken over after a crash): their log lines come from the database to
     * their listeners here, and their end completes them here too.
     */
    void relayFromElsewhere() {
        for (Map.Entry<Long, LiveDeploys.Live> e : live.entries()) {
            long id = e.getKey();
            if (live.runsHere(id)) {
                continue;
            }
            LiveDeploys.Live l = e.getValue();
            synchronized (l) {
                int seen = seenLines.getOrDefault(id, 0);
                for (DeployHistory.LogEntry line : history.logAfter(id, seen)) {
                    DeployEvent relayed = new DeployEvent.Relayed(id, Instant.now(), line.line());
                    l.listeners.forEach(listener -> deliver(listener, relayed));
                    seenLines.put(id, line.seq());
                }
                Optional<DeployRecord> d = history.find(id);
                if (d.isPresent() && d.get().status().isFinal() && !live.runsHere(id)) {
                    DeploySummary summary = DeploySummary.of(d.get(), Map.of(), history.hosts(id));
                    DeployEvent finished = new DeployEvent.Finished(id, Instant.now(), summary);
                    l.listeners.forEach(listener -> deliver(listener, finished));
                    live.remove(id, l);
                    seenLines.remove(id);
                    l.done.complete(summary);
                }
            }
        }
    }

    private static void deliver(DeployListener listener, DeployEvent event) {
        try {
            listener.on(event);
        } catch (RuntimeException e) {
            LOG.warn("a deploy listener failed on {}", event.getClass().getSimpleName(), e);
        }
    }
}
