package dev.bmo.bot.canary;

import dev.bmo.bot.fleet.ActuatorClient;
import dev.bmo.bot.fleet.ServiceHost;
import dev.bmo.bot.logging.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reads every host's request counters from Actuator every interval for as long as a rollout runs,
 * and keeps what grew in between as {@link Interval}s. A counter that went down means the service
 * restarted: that interval is dropped and counting starts again from the new reading. A host that
 * does not answer (restarting, drained) simply has no interval then.
 */
public final class TrafficSampler implements TrafficSource {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficSampler.class);
    static final String REQUESTS = "bmo.requests";
    static final String FAILED = "bmo.requests.failed";

    private record Reading(Instant at, double count, double totalSeconds, double failed) {
    }

    private final ActuatorClient actuator;
    private final List<ServiceHost> hosts;
    private final Clock clock;
    private final Map<String, Reading> last = new ConcurrentHashMap<>();
    private final List<Interval> intervals = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> firstReading = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "canary-sampler");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService readers;

    public TrafficSampler(ActuatorClient actuator, Collection<ServiceHost> hosts, Duration interval, Clock clock) {
        this.actuator = actuator;
        this.hosts = List.copyOf(hosts);
        this.clock = clock;
        this.readers = Executors.newFixedThreadPool(Math.max(1, Math.min(8, this.hosts.size())), r -> {
            Thread t = new Thread(r, "canary-read");
            t.setDaemon(true);
            return t;
        });
        // the readings log with the context of whoever started the sampler (the deploy it watches)
        timer.scheduleAtFixedRate(LogContext.carried(this::readAll), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public List<Interval> between(Collection<String> of, Instant from, Instant to) {
        List<Interval> out = new ArrayList<>();
        for (Interval i : intervals) {
            if (of.contains(i.host()) && i.end().isAfter(from) && !i.end().isAfter(to)) {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public Optional<Instant> firstReading(String host) {
        return Optional.ofNullable(firstReading.get(host));
    }

    private void readAll() {
        List<Future<?>> running = new ArrayList<>();
        for (ServiceHost h : hosts) {
            running.add(readers.submit(LogContext.carried(() -> read(h))));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.debug("a canary reading failed", e);
            }
        }
    }

    private void read(ServiceHost h) {
        Reading now;
        try {
            Optional<JsonNode> timer = actuator.metric(h, REQUESTS);
            Optional<JsonNode> failed = actuator.metric(h, FAILED);
            now = new Reading(clock.instant(), ActuatorClient.statistic(timer, "COUNT"),
                    ActuatorClient.statistic(timer, "TOTAL_TIME"), ActuatorClient.statistic(failed, "COUNT"));
        } catch (ActuatorClient.Unreachable e) {
            return; // restarting or away: no interval now; the next reading spans the gap
        }
        firstReading.putIfAbsent(h.host(), now.at());
        Reading before = last.put(h.host(), now);
        if (before == null || now.count() < before.count() || now.failed() < before.failed()) {
            return; // the first reading, or the service restarted: start counting again from here
        }
        long requests = Math.round(now.count() - before.count());
        long failedRequests = Math.round(now.failed() - before.failed());
        double mean = requests == 0 ? Double.NaN : (now.totalSeconds() - before.totalSeconds()) * 1000.0 / requests;
        intervals.add(new Interval(h.host(), now.at(), requests, failedRequests, mean));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        readers.shutdownNow();
    }
}
