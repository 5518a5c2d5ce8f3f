package dev.bmo.bot.canary;

import java.time.Instant;

/**
 * One host's traffic over one sampling interval: the growth of its request counters
 * ({@code bmo.requests}, {@code bmo.requests.failed}) between two readings that ended at {@code end}.
 *
 * @param meanMillis the mean latency of those requests (NaN when there were none)
 */
public record Interval(String host, Instant end, long requests, long failed, double meanMillis) {
}
