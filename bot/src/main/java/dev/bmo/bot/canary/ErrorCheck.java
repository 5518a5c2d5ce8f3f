package dev.bmo.bot.canary;

import dev.bmo.bot.catalog.AnalysisSpec;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.BinomialTest;

/**
 * Are the batch's 5xx more than its share? The exact conditional binomial test: given all E errors
 * of the window on both sides, each falls on the canary with probability q (its share of the
 * requests) when the release is as good as the control; p = P(X &ge; e_c) for X ~ Bin(E, q). It
 * needs no errors on the control side to work, unlike a rank test on rates.
 */
public final class ErrorCheck {

    private ErrorCheck() {
    }

    public static Check judge(Side canary, Side control, AnalysisSpec.Errors spec) {
        long errors = canary.failed() + control.failed();
        long requests = canary.requests() + control.requests();
        double rateC = canary.errorRate();
        double rateB = control.errorRate();
        double ratio = rateB == 0 ? (rateC == 0 ? 1 : Double.POSITIVE_INFINITY) : rateC / rateB;
        double p = 1;
        if (errors > 0 && canary.requests() > 0 && control.requests() > 0) {
            double share = (double) canary.requests() / requests;
            p = BinomialTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN)
                    .test(Math.toIntExact(errors), Math.toIntExact(canary.failed()), share).getPValue();
        }
        if (canary.failed() >= spec.criticalErrors() && rateC * 100 >= spec.criticalRatePercent()) {
            return new Check(Verdict.CRITICAL, ratio, p, canary.failed() + " errors, " + pct(rateC)
                    + " of requests (critical from " + spec.criticalErrors() + " errors at "
                    + spec.criticalRatePercent() + "%)");
        }
        boolean significant = p < spec.p();
        boolean large = rateC >= spec.ratio() * rateB && (rateC - rateB) * 100 >= spec.gapPoints();
        if (significant && large && canary.failed() >= spec.minErrors()) {
            return new Check(Verdict.FAIL, ratio, p, "more 5xx than the control: p < " + spec.p() + ", at least "
                    + spec.ratio() + "x and " + spec.gapPoints() + " points above it");
        }
        return new Check(Verdict.PASS, ratio, p, significant ? "more 5xx, but too few or too little to matter"
                : "no more 5xx than the control");
    }

    static String pct(double rate) {
        return String.format(java.util.Locale.ROOT, "%.2f%%", rate * 100);
    }
}
