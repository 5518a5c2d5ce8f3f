package dev.bmo.bot.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bmo.bot.catalog.AnalysisSpec;
import java.util.List;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/**
 * The two tests of the canary analysis against R 4.2.2 (Debian 12's r-base-core 4.2.2.20221110-2),
 * whose results are quoted: {@code binom.test(x, n, p, alternative = "greater")$p.value} and
 * {@code wilcox.test(x, y, alternative = "greater")$p.value} (exact without ties at these sizes, else
 * the normal approximation with tie and continuity corrections). {@code options(digits = 15)}.
 */
class StatisticsAgainstRTest {

    private static final AnalysisSpec SPEC = AnalysisSpec.DEFAULT;

    @Test
    void errorsAreTheExactConditionalBinomialTest() {
        // 7 of 10 errors on a canary with a quarter of the requests: binom.test(7, 10, 0.25, "greater")
        assertThat(errors(250, 7, 750, 3).p()).isCloseTo(0.00350570678710938, within(1e-12));
        // every error on the canary, none on the control: binom.test(5, 5, 1/3, "greater")
        assertThat(errors(1000, 5, 2000, 0).p()).isCloseTo(0.00411522633744856, within(1e-12));
        // the canary's fair share: binom.test(3, 30, 0.1, "greater")
        assertThat(errors(100, 3, 900, 27).p()).isCloseTo(0.588648760440495, within(1e-12));
        // binom.test(61, 64, 1/3, "greater")
        assertThat(errors(1000, 61, 2000, 3).p()).isCloseTo(9.94573227685566e-26, within(1e-36));
    }

    @Test
    void errorVerdictsFollowTheThresholds() {
        // p = 0.0041 < 0.01, 0.5% vs 0%, 5 errors: FAIL although the control had none
        assertThat(errors(1000, 5, 2000, 0).verdict()).isEqualTo(Verdict.FAIL);
        // the same rates with 4 errors: too few to fail
        assertThat(errors(800, 4, 1600, 0).verdict()).isEqualTo(Verdict.PASS);
        // 61 errors, 6.1%: FAIL, not yet CRITICAL (10% needed)
        assertThat(errors(1000, 61, 2000, 3).verdict()).isEqualTo(Verdict.FAIL);
        // 25 errors at 12.5%: CRITICAL
        assertThat(errors(200, 25, 400, 0).verdict()).isEqualTo(Verdict.CRITICAL);
        // significant (p far below 0.01) but 0.06% vs 0.01% is only 0.05 points above the control: not a failure
        assertThat(errors(100_000, 60, 200_000, 20).verdict()).isEqualTo(Verdict.PASS);
        // no errors anywhere
        assertThat(errors(1000, 0, 2000, 0)).satisfies(c -> {
            assertThat(c.verdict()).isEqualTo(Verdict.PASS);
            assertThat(c.p()).isEqualTo(1.0);
        });
    }

    @Test
    void latencyIsAOneSidedMannWhitneyTest() {
        double[] x = {12.1, 14.3, 13.8, 15.2, 11.9, 16.4};
        double[] y = {10.2, 11.5, 9.8, 12.0, 10.9, 11.1, 10.5};
        Check exact = LatencyCheck.judge(side(x), side(y), new AnalysisSpec.Latency(0.01, 1.2, 1, 2, 0.001, 5));
        // wilcox.test(x, y, alternative = "greater"): exact
        assertThat(exact.p()).isCloseTo(0.00116550116550117, within(1e-12));
        assertThat(exact.verdict()).isEqualTo(Verdict.FAIL); // medians 13.95 vs 10.9: x1.28, 3 ms over the 1 ms gap

        double[] x2 = repeat(new double[] {20, 21, 22, 23, 24}, 6);
        double[] y2 = repeat(new double[] {19, 20, 21, 22, 23}, 8);
        // with ties: normal approximation, tie and continuity corrections
        assertThat(LatencyCheck.judge(side(x2), side(y2), SPEC.latency()).p()).isCloseTo(0.0046336512887075,
                within(1e-9));

        double[] x3 = {48.241, 53.102, 46.986, 61.572, 53.977, 47.077, 54.925, 56.43, 55.455, 50.168, 61.071, 54.339,
            48.273, 38.712, 58.75, 51.73, 51.903, 57.663, 56.927, 55.563, 57.514, 56.693, 52.447, 40.064, 55.719, 51.663,
            51.065, 43.175, 49.131, 54.508, 60.152, 51.383, 54.326, 51.677, 43.738, 49.51, 49.634, 51.644, 58.6, 56.579,
            51.013, 50.48, 56.182, 55.34, 47.867, 47.755, 54.187, 56.611, 51.326, 57.287, 54.389, 48.328, 54.047, 45.224,
            60.598, 63.882, 49.797, 45.735, 55.418, 51.19};
        double[] y3 = {64.41, 49.765, 54.138, 50.168, 45.54, 51.133, 39.17, 58.793, 50.92, 63.036, 52.853, 45.74, 53.664,
            44.395, 42.478, 51.749, 47.34, 50.007, 50.446, 46.463, 46.588, 49.189, 57.069, 40.859, 53.564, 51.998,
            56.379, 48.175, 52.22, 51.603, 46.745, 57.247, 56.962, 54.201, 59.521, 53.351, 42.34, 46.56, 42.652, 47.16,
            46.278, 50.253, 44.534, 50.948, 46.072, 60.604, 54.3, 55.461, 52.305, 60.093, 46.186, 47.23, 58.594, 46.096,
            48.756, 47.643, 48.08, 48.325, 52.965, 48.936};
        // set.seed(1); x3 <- round(rnorm(60, 52, 6), 3); y3 <- round(rnorm(60, 50, 6), 3)
        Check large = LatencyCheck.judge(side(x3), side(y3), SPEC.latency());
        assertThat(large.p()).isCloseTo(0.00909097973528239, within(1e-9));
        // significant, but a median ratio of about 1.05 and a 2.6 ms gap are not a slower release
        assertThat(large.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void latencyNeedsEnoughSamplesAndABigEnoughDifference() {
        double[] slow = DoubleStream.iterate(160, v -> v + 1).limit(24).toArray();
        double[] fast = DoubleStream.iterate(10, v -> v + 0.5).limit(48).toArray();
        assertThat(LatencyCheck.judge(side(slow), side(fast), SPEC.latency()).verdict()).isEqualTo(Verdict.CRITICAL);
        double[] few = DoubleStream.iterate(160, v -> v + 1).limit(19).toArray();
        assertThat(LatencyCheck.judge(side(few), side(fast), SPEC.latency()).verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
        double[] same = DoubleStream.iterate(10.25, v -> v + 0.5).limit(24).toArray();
        assertThat(LatencyCheck.judge(side(same), side(fast), SPEC.latency()).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void tooLittleTrafficIsInconclusiveNeverPass() {
        double[] samples = DoubleStream.iterate(10, v -> v + 0.5).limit(24).toArray();
        Side canary = new Side("batch 1/3", List.of("a"), 120, 0, samples);
        Side control = new Side("control", List.of("b", "c"), 240, 0, samples);
        Judgement j = Judgement.of(canary, control, false, java.time.Duration.ofMinutes(2), SPEC);
        assertThat(j.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(j.why()).contains("120 requests").contains("300");
        assertThat(j.text()).contains("5xx 0/120 0.00% vs 0/240 0.00%").contains("verdict INCONCLUSIVE");
    }

    private static Check errors(long requestsC, long failedC, long requestsB, long failedB) {
        return ErrorCheck.judge(new Side("canary", List.of("a"), requestsC, failedC, new double[0]),
                new Side("control", List.of("b", "c"), requestsB, failedB, new double[0]), SPEC.errors());
    }

    private static Side side(double[] latency) {
        return new Side("s", List.of("h"), 1000, 0, latency);
    }

    private static double[] repeat(double[] values, int times) {
        double[] out = new double[values.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(values, 0, out, i * values.length, values.length);
        }
        return out;
    }
}
