package dev.bmo.bot.canary;

import java.util.List;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.descriptive.Quantile;

/**
 * One side of a comparison (the updated batch, or its control) over one window: the requests and
 * 5xx of its hosts summed, and one latency sample per host and interval (that interval's mean).
 * Percentiles are taken over these samples, never averaged across hosts.
 */
public record Side(String label, List<String> hosts, long requests, long failed, double[] latencyMillis) {

    public static Side of(String label, List<String> hosts, List<Interval> intervals) {
        long requests = 0;
        long failed = 0;
        for (Interval i : intervals) {
            requests += i.requests();
            failed += i.failed();
        }
        double[] latency = intervals.stream().filter(i -> i.requests() > 0 && !Double.isNaN(i.meanMillis()))
                .mapToDouble(Interval::meanMillis).toArray();
        return new Side(label, List.copyOf(hosts), requests, failed, latency);
    }

    /** The share of requests that failed, 0..1 (0 without requests). */
    public double errorRate() {
        return requests == 0 ? 0 : (double) failed / requests;
    }

    public double medianMillis() {
        return latencyMillis.length == 0 ? Double.NaN : Median.withDefaults().evaluate(latencyMillis.clone());
    }

    public double p99Millis() {
        return latencyMillis.length == 0 ? Double.NaN : Quantile.withDefaults().evaluate(latencyMillis.clone(), 0.99);
    }
}
