package dev.bmo.bot.canary;

import dev.bmo.bot.catalog.AnalysisSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Judges one updated batch by its live traffic: after the warm-up it observes a window and compares
 * the batch with the hosts still on the old version over the same window (or, with fewer than two
 * of those, with its own window before the update). CRITICAL rolls back at once; a FAIL is looked
 * at again in a fresh window and a second FAIL rolls back; INCONCLUSIVE extends the window up to
 * the limit, then the rollout pauses and asks a person.
 */
public final class BatchAnalysis {

    /** What the rollout does next. */
    public enum Outcome { PROCEED, ROLL_BACK }

    public record Result(Outcome outcome, String reason, Judgement last) {
    }

    /** Where the analysis reports: the deploy's thread and log. */
    public interface Reporter {
        void say(String line);

        void judged(Judgement judgement, String next);

        /** The rollout waits for a person: {@code continue} or {@code rollback}. */
        void paused(String question);
    }

    /** Asks a person about a paused rollout: true to continue, false to roll back; empty when nobody answered in time. */
    public interface Asker {
        Optional<Boolean> ask(Duration timeout) throws InterruptedException;
    }

    /** One batch: its name in the thread ("batch 1/3"), its hosts, the control hosts, and when it left the pool. */
    public record Batch(String label, List<String> hosts, List<String> control, Instant touchedAt) {
        public boolean baseline() {
            return control.size() < 2;
        }
    }

    private final AnalysisSpec spec;
    private final TrafficSource sampler;
    private final Clock clock;
    private final Reporter reporter;
    private final Asker asker;
    private final BooleanSupplier cancelled;

    public BatchAnalysis(AnalysisSpec spec, TrafficSource sampler, Clock clock, Reporter reporter, Asker asker,
            BooleanSupplier cancelled) {
        this.spec = spec;
        this.sampler = sampler;
        this.clock = clock;
        this.reporter = reporter;
        this.asker = asker;
        this.cancelled = cancelled;
    }

    /**
     * Before a batch with fewer than two hosts left to compare with is touched: waits until its hosts
     * have been read for a window, their own baseline, and says so; returns how long it waited.
     */
    public Duration observeBaseline(String label, List<String> hosts) throws InterruptedException {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (String h : hosts) {
            Instant first = sampler.firstReading(h).orElse(now);
            Duration missing = spec.window().minus(Duration.between(first, now));
            if (missing.compareTo(longest) > 0) {
                longest = missing;
            }
        }
        if (!longest.isZero()) {
            reporter.say(label + " has fewer than two hosts on the old version to compare with: observing "
                    + String.join(", ", hosts) + " for " + Judgement.human(longest)
                    + " before the update, as their own baseline");
            sleep(longest);
        }
        return longest;
    }

    public Result judge(Batch batch) throws InterruptedException {
        reporter.say(batch.label() + " (" + String.join(", ", batch.hosts()) + ") is back in the pool: warming up for "
                + Judgement.human(spec.warmup()) + ", then judged by its traffic over " + Judgement.human(spec.window())
                + (batch.baseline() ? " against its own traffic before the update" : " against "
                        + String.join(", ", batch.control())));
        sleep(spec.warmup());
        Instant first = clock.instant();
        Instant start = first;
        Instant end = start.plus(spec.window());
        int fails = 0;
        while (true) {
            sleepUntil(end);
            Duration observed = Duration.between(start, end);
            Side canary = Side.of(batch.label(), batch.hosts(), read(batch.hosts(), start, end));
            Side control = batch.baseline()
                    ? Side.of("before", batch.hosts(), read(batch.hosts(), batch.touchedAt().minus(observed),
                            batch.touchedAt()))
                    : Side.of("control", batch.control(), read(batch.control(), start, end));
            Judgement j = Judgement.of(canary, control, batch.baseline(), observed, spec);
            // one more window would go past the limit
            boolean atLimit = Duration.between(first, end).plus(spec.window()).compareTo(spec.maxWindow()) > 0;
            switch (j.verdict()) {
                case CRITICAL -> {
                    reporter.judged(j, "rolling " + batch.label() + " back now");
                    return new Result(Outcome.ROLL_BACK, "CRITICAL: " + j.why(), j);
                }
                case FAIL -> {
                    fails++;
                    if (fails >= 2) {
                        reporter.judged(j, "a second FAIL in a row: rolling " + batch.label() + " back");
                        return new Result(Outcome.ROLL_BACK, "FAIL twice in a row: " + j.why(), j);
                    }
                    if (atLimit) {
                        reporter.judged(j, "no time left to look again within " + Judgement.human(spec.maxWindow())
                                + ": rolling " + batch.label() + " back");
                        return new Result(Outcome.ROLL_BACK, "FAIL at the end of the analysis: " + j.why(), j);
                    }
                    reporter.judged(j, "looking again in a fresh " + Judgement.human(spec.window())
                            + " window; a second FAIL rolls it back");
                    start = end;
                    end = start.plus(spec.window());
                }
                case PASS -> {
                    reporter.judged(j, "the rollout goes on");
                    return new Result(Outcome.PROCEED, j.why(), j);
                }
                case INCONCLUSIVE -> {
                    if (!atLimit) {
                        reporter.judged(j, "extending the window by " + Judgement.human(spec.window()));
                        end = end.plus(spec.window());
                        continue;
                    }
                    reporter.judged(j, "still inconclusive after " + Judgement.human(Duration.between(first, end))
                            + ": the rollout pauses");
                    return paused(batch, j);
                }
                default -> throw new IllegalStateException(j.verdict().name());
            }
        }
    }

    private Result paused(Batch batch, Judgement j) throws InterruptedException {
        reporter.paused(batch.label() + " (" + String.join(", ", batch.hosts()) + ") cannot be judged: " + j.why()
                + ". Say continue or rollback with this deploy's id; without an answer within "
                + Judgement.human(spec.pauseTimeout()) + " it is rolled back.");
        Optional<Boolean> answer = asker.ask(spec.pauseTimeout());
        if (answer.isEmpty()) {
            return new Result(Outcome.ROLL_BACK, "INCONCLUSIVE and nobody answered within "
                    + Judgement.human(spec.pauseTimeout()), j);
        }
        return answer.get() ? new Result(Outcome.PROCEED, "INCONCLUSIVE; a person said continue", j)
                : new Result(Outcome.ROLL_BACK, "INCONCLUSIVE; a person said rollback", j);
    }

    /** A source that cannot be read (Datadog down, say) gives no data: the look is inconclusive, never a pass. */
    private List<Interval> read(List<String> hosts, Instant from, Instant to) {
        try {
            return sampler.between(hosts, from, to);
        } catch (RuntimeException e) {
            reporter.say("could not read the traffic of " + String.join(", ", hosts) + ": " + e.getMessage());
            return List.of();
        }
    }

    private void sleepUntil(Instant when) throws InterruptedException {
        sleep(Duration.between(clock.instant(), when));
    }

    private void sleep(Duration d) throws InterruptedException {
        long until = System.nanoTime() + Math.max(0, d.toNanos());
        while (System.nanoTime() < until) {
            if (cancelled.getAsBoolean()) {
                throw new InterruptedException("cancelled");
            }
            Thread.sleep(Math.min(250, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
    }
}
