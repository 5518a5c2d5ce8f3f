package dev.bmo.bot.canary;

import dev.bmo.bot.fleet.DatadogQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The hosts' traffic from Datadog's query API ({@code BMO_METRICS_SOURCE=datadog}), by host, in buckets
 * of {@code rollup}: requests and 5xx as counts, latency as each bucket's mean. The newest bucket of
 * every answer is dropped, as Flagger does: Datadog's last bucket is usually still filling. A bucket
 * is one latency sample, so the services' Datadog step ({@code BMO_DATADOG_STEP}) and the window must
 * give at least the analysis' {@code min_samples} buckets a side. History is Datadog's: a baseline is
 * always available.
 */
public final class DatadogTraffic implements TrafficSource {

    private final DatadogQueries datadog;
    private final String service;
    private final String env;
    private final Duration rollup;

    public DatadogTraffic(DatadogQueries datadog, String service, String env, Duration rollup) {
        this.datadog = datadog;
        this.service = service;
        this.env = env;
        this.rollup = rollup;
    }

    @Override
    public List<Interval> between(Collection<String> hosts, Instant from, Instant to) {
        long s = Math.max(1, rollup.toSeconds());
        String scope = "{service:" + service + ",env:" + env + "} by {host}";
        try {
            Map<String, TreeMap<Long, Double>> requests = series("sum:bmo.requests.count" + scope
                    + ".as_count().rollup(sum, " + s + ")", from, to);
            Map<String, TreeMap<Long, Double>> failed = series("sum:bmo.requests.failed" + scope
                    + ".as_count().rollup(sum, " + s + ")", from, to);
            Map<String, TreeMap<Long, Double>> mean = series("avg:bmo.requests.avg" + scope
                    + ".rollup(avg, " + s + ")", from, to);
            List<Interval> out = new ArrayList<>();
            for (String host : hosts) {
                TreeMap<Long, Double> r = requests.getOrDefault(host, new TreeMap<>());
                for (Map.Entry<Long, Double> bucket : r.entrySet()) {
                    Instant end = Instant.ofEpochMilli(bucket.getKey()).plus(rollup);
                    if (!end.isAfter(from) || end.isAfter(to)) {
                        continue;
                    }
                    long n = Math.round(bucket.getValue());
                    long f = Math.round(failed.getOrDefault(host, new TreeMap<>()).getOrDefault(bucket.getKey(), 0.0));
                    double ms = mean.getOrDefault(host, new TreeMap<>()).getOrDefault(bucket.getKey(), Double.NaN);
                    out.add(new Interval(host, end, n, f, n == 0 ? Double.NaN : ms));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Datadog did not answer the canary analysis: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Datadog", e);
        }
    }

    /** Per host, bucket start (epoch ms) to value, the newest bucket of each series dropped. */
    private Map<String, TreeMap<Long, Double>> series(String query, Instant from, Instant to)
            throws IOException, InterruptedException {
        Map<String, TreeMap<Long, Double>> byHost = new HashMap<>();
        for (JsonNode series : datadog.query(query, from.minus(rollup), to).path("series")) {
            String host = DatadogQueries.host(series).orElse(null);
            if (host == null) {
                continue;
            }
            TreeMap<Long, Double> points = new TreeMap<>();
            for (JsonNode p : series.path("pointlist")) {
                if (p.size() == 2 && !p.get(1).isNull()) {
                    points.put(p.get(0).asLong(), p.get(1).asDouble());
                }
            }
            if (!points.isEmpty()) {
                points.pollLastEntry(); // still filling
            }
            byHost.put(host, points);
        }
        return byHost;
    }

    @Override
    public Optional<Instant> firstReading(String host) {
        return Optional.of(Instant.EPOCH);
    }

    @Override
    public void close() {
    }
}
