package dev.bmo.bot.canary;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where the canary analysis reads the hosts' traffic: {@link TrafficSampler} (Actuator, read from
 * here every interval, the default) or {@link DatadogTraffic} ({@code BMO_METRICS_SOURCE=datadog}).
 */
public interface TrafficSource extends AutoCloseable {

    /** The intervals of these hosts that ended in (from, to]. */
    List<Interval> between(Collection<String> hosts, Instant from, Instant to);

    /** Since when this host's traffic is known (empty: not yet): how far back its own baseline can reach. */
    Optional<Instant> firstReading(String host);

    @Override
    void close();
}
