package dev.bmo.bot.deploy;

import dev.bmo.bot.catalog.CatalogException;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy queue's clock. Every {@code queuePoll}, on the {@code deploy-queue} thread: the deploys
 * followed here but run elsewhere are relayed; a worker BMO also takes over the deploys of a gone BMO,
 * expires approvals nobody gave in time; then the oldest queued deploy of each service and environment
 * tries the lock (a one-shot BMO: only the ones requested through it). The heartbeat, on a
 * {@code deploy-heartbeat} thread of its own, says this BMO is alive. Nothing runs before
 * {@link #start()}.
 */
final class QueueTicker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueTicker.class);

    /** What the queue asks of the deploy state machine. */
    interface Moves {

        /** Takes the lock and starts the pipeline, or leaves the deploy queued. */
        void begin(DeployRecord d, List<String> hosts);

        /** Ends a deploy that is in one of {@code from}. */
        void finish(long id, Set<DeployStatus> from, DeployStatus end, String detail);
    }

    private final DeployHistory history;
    private final DeployEvents events;
    private final CrashRecovery recovery;
    private final LiveDeploys live;
    private final DeployTargets targets;
    private final ProcessOwner me;
    private final boolean worker;
    private final Duration queuePoll;
    private final Duration heartbeatTimeout;
    private final Duration approvalTimeout;
    private final Moves moves;
    /** Deploys requested through this process: the only queued ones a one-shot BMO starts. */
    private final Set<Long> requestedHere = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "deploy-queue");
        t.setDaemon(true);
        return t;
    });
    // the heartbeat has a thread of its own: a queue check that kills leftovers or removes a worktree
    // (minutes) never makes peers think this BMO is dead
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "deploy-heartbeat");
        t.setDaemon(true);
        return t;
    });

    QueueTicker(DeployHistory history, DeployEvents events, CrashRecovery recovery, LiveDeploys live,
            DeployTargets targets, ProcessOwner me, boolean worker, Duration queuePoll, Duration heartbeatTimeout,
            Duration approvalTimeout, Moves moves) {
        this.history = history;
        this.events = events;
        this.recovery = recovery;
        this.live = live;
        this.targets = targets;
        this.me = me;
        this.worker = worker;
        this.queuePoll = queuePoll;
        this.heartbeatTimeout = heartbeatTimeout;
        this.approvalTimeout = approvalTimeout;
        this.moves = moves;
    }

    /** Starts the two threads. */
    void start() {
        ticker.scheduleWithFixedDelay(this::tick, queuePoll.toMillis(), queuePoll.toMillis(), TimeUnit.MILLISECONDS);
        long beat = Math.max(200, Math.min(queuePoll.toMillis(), heartbeatTimeout.toMillis() / 4));
        heartbeat.scheduleAtFixedRate(this::beat, beat, beat, TimeUnit.MILLISECONDS);
    }

    /** A deploy requested through this process (a one-shot BMO starts it when it is queued). */
    void requestedHere(long id) {
        requestedHere.add(id);
    }

    /** A lock was released: queued deploys try now rather than at the next tick. */
    void nudge() {
        ticker.execute(this::startQueued);
    }

    private void beat() {
        try {
            history.heartbeat(me.toString());
        } catch (RuntimeException e) {
            LOG.warn("deploy heartbeat failed", e);
        }
    }

    /** Periodic: relays, takes over, expires stale approvals and starts queued deploys whose lock became free. */
    void tick() {
        try {
            events.relayFromElsewhere();
            if (!worker) {
                startQueued(); // its own requests only
                return;
            }
            for (DeployRecord d : recovery.takeOverOrphans(live::runsHere)) {
                events.toSubscribers(new DeployEvent.Finished(d.id(), Instant.now(),
                        DeploySummary.of(d, Map.of(), history.hosts(d.id()))));
            }
            Instant oldest = Instant.now().minus(approvalTimeout);
            for (DeployRecord d : history.withStatus(EnumSet.of(DeployStatus.AWAITING_APPROVAL))) {
                if (d.requestedAt().isBefore(oldest)) {
                    moves.finish(d.id(), EnumSet.of(DeployStatus.AWAITING_APPROVAL), DeployStatus.EXPIRED,
                            "nobody approved within " + approvalTimeout.toMinutes() + " min");
                }
            }
            startQueued();
        } catch (RuntimeException e) {
            LOG.warn("deploy queue check failed", e);
        }
    }

    /** The oldest queued deploy of each service and environment tries to take the lock. */
    private void startQueued() {
        Set<String> tried = new LinkedHashSet<>();
        for (DeployRecord d : history.withStatus(EnumSet.of(DeployStatus.QUEUED))) {
            if (!worker && !requestedHere.contains(d.id())) {
                continue; // someone else's: the worker BMO starts it
            }
            if (tried.add(d.service() + "/" + d.env())) {
                try {
                    moves.begin(d, targets.hosts(d));
                } catch (DeployRefused | CatalogException e) {
                    moves.finish(d.id(), EnumSet.of(DeployStatus.QUEUED), DeployStatus.FAILED, e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        heartbeat.shutdownNow();
    }
}
