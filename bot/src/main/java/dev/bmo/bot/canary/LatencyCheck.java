package dev.bmo.bot.canary;

import dev.bmo.bot.catalog.AnalysisSpec;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * Is the batch slower? A one-sided Mann–Whitney test of the canary's latency samples (one per host
 * and interval) against the control's: exact for small samples without ties, else the normal
 * approximation with tie and continuity corrections (as R's {@code wilcox.test}). A difference
 * must be significant and large (a ratio of medians and a gap in milliseconds) to count.
 */
public final class LatencyCheck {

    private LatencyCheck() {
    }

    public static Check judge(Side canary, Side control, AnalysisSpec.Latency spec) {
        int n = canary.latencyMillis().length;
        int m = control.latencyMillis().length;
        if (n < spec.minSamples() || m < spec.minSamples()) {
            return new Check(Verdict.INCONCLUSIVE, Double.NaN, 1, "too few latency samples (" + n + " and " + m
                    + ", at least " + spec.minSamples() + " a side)");
        }
        double medianC = canary.medianMillis();
        double medianB = control.medianMillis();
        double ratio = medianB <= 0 ? Double.POSITIVE_INFINITY : medianC / medianB;
        double gap = medianC - medianB;
        double p = MannWhitneyUTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN)
                .test(canary.latencyMillis(), control.latencyMillis()).getPValue();
        if (ratio >= spec.criticalRatio() && p < spec.criticalP() && gap >= spec.gapMillis()) {
            return new Check(Verdict.CRITICAL, ratio, p, "at least " + spec.criticalRatio()
                    + "x slower than the control, p < " + spec.criticalP());
        }
        if (ratio >= spec.ratio() && p < spec.p() && gap >= spec.gapMillis()) {
            return new Check(Verdict.FAIL, ratio, p, "slower than the control: p < " + spec.p() + ", at least "
                    + spec.ratio() + "x and " + (long) spec.gapMillis() + " ms");
        }
        return new Check(Verdict.PASS, ratio, p, "not slower than the control");
    }
}
