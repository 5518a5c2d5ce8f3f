package dev.bmo.bot.catalog;

import java.time.Duration;

/**
 * How a rollout is judged by live traffic after each batch (the catalog's {@code analysis:} of an
 * environment; bot/README.md lists the keys and their defaults). Off only where the catalog says
 * {@code analysis: off}: no command, not even {@code deploy!}, skips it.
 *
 * @param warmup       how long an updated batch serves before it is observed (JIT, caches)
 * @param window       how long one observation lasts
 * @param maxWindow    an inconclusive or failing observation is extended up to this in total, then the
 *                     rollout pauses and asks
 * @param interval     how often every host's counters are read (one latency sample per host and interval)
 * @param minRequests  the fewest canary requests that can pass (3 / 1%: the rule of three at a 1% error budget)
 * @param pauseTimeout how long a paused rollout waits for {@code continue} or {@code rollback} before it
 *                     rolls back on its own
 */
public record AnalysisSpec(boolean enabled, Duration warmup, Duration window, Duration maxWindow, Duration interval,
        long minRequests, Duration pauseTimeout, Errors errors, Latency latency) {

    /**
     * The error check: FAIL when p &lt; {@code p}, the canary's rate at least {@code ratio} times the control's,
     * {@code gapPoints} percentage points above it and at least {@code minErrors} errors; CRITICAL with
     * {@code criticalErrors} errors and a rate of {@code criticalRatePercent} or more.
     */
    public record Errors(double p, double ratio, double gapPoints, long minErrors, long criticalErrors,
            double criticalRatePercent) {
        public static final Errors DEFAULT = new Errors(0.01, 2.0, 0.1, 5, 20, 10.0);
    }

    /**
     * The latency check: FAIL when p &lt; {@code p}, the median ratio at least {@code ratio} and the gap at
     * least {@code gapMillis}; CRITICAL at {@code criticalRatio} with p &lt; {@code criticalP}; fewer than
     * {@code minSamples} samples a side cannot tell.
     */
    public record Latency(double p, double ratio, double gapMillis, double criticalRatio, double criticalP,
            int minSamples) {
        public static final Latency DEFAULT = new Latency(0.01, 1.2, 10, 2.0, 0.001, 20);
    }

    public static final AnalysisSpec DEFAULT = new AnalysisSpec(true, Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofMinutes(6), Duration.ofSeconds(5), 300, Duration.ofMinutes(30), Errors.DEFAULT, Latency.DEFAULT);

    public static final AnalysisSpec OFF = new AnalysisSpec(false, DEFAULT.warmup, DEFAULT.window, DEFAULT.maxWindow,
            DEFAULT.interval, DEFAULT.minRequests, DEFAULT.pauseTimeout, Errors.DEFAULT, Latency.DEFAULT);
}
