package dev.bmo.bot.canary;

import dev.bmo.bot.fleet.ActuatorClient;
import dev.bmo.bot.fleet.DatadogQueries;
import dev.bmo.bot.fleet.ServiceHost;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Opens where one rollout's canary analysis reads its hosts' traffic. */
@FunctionalInterface
public interface TrafficSources {

    TrafficSource open(String service, String env, List<ServiceHost> hosts, Duration interval);

    /** Every host's Actuator, read from here every interval (the default). */
    static TrafficSources actuator(ActuatorClient actuator, Clock clock) {
        return (service, env, hosts, interval) -> new TrafficSampler(actuator, hosts, interval, clock);
    }

    /** Datadog's query API by host, in buckets of {@code rollup} (at least the services' Datadog step). */
    static TrafficSources datadog(DatadogQueries datadog, Duration rollup) {
        return (service, env, hosts, interval) -> new DatadogTraffic(datadog, service, env, rollup);
    }
}
