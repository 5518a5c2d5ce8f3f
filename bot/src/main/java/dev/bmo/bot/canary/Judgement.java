package dev.bmo.bot.canary;

import dev.bmo.bot.catalog.AnalysisSpec;
import java.time.Duration;
import java.util.Locale;

/**
 * One look at a batch: both sides, both checks, the verdict. {@code baseline}: the control is the
 * same hosts in the window before they were updated (the last batch, or fewer than two hosts left
 * on the old version), a weaker comparison than hosts serving side by side.
 */
public record Judgement(Verdict verdict, Side canary, Side control, boolean baseline, Duration window, Check errors,
        Check latency, String why) {

    /** Judges a window: the worse of the two checks, and INCONCLUSIVE when the canary saw too little traffic to pass. */
    public static Judgement of(Side canary, Side control, boolean baseline, Duration window, AnalysisSpec spec) {
        Check errors = ErrorCheck.judge(canary, control, spec.errors());
        Check latency = LatencyCheck.judge(canary, control, spec.latency());
        Verdict verdict = errors.verdict().worse(latency.verdict());
        String why = verdict == errors.verdict() && verdict != Verdict.PASS && verdict != Verdict.INCONCLUSIVE
                ? errors.why() : latency.why();
        if ((verdict == Verdict.PASS || verdict == Verdict.INCONCLUSIVE) && canary.requests() < spec.minRequests()) {
            verdict = Verdict.INCONCLUSIVE;
            why = "too little traffic to tell: " + canary.requests() + " requests on the batch, at least "
                    + spec.minRequests() + " needed";
        } else if (verdict == Verdict.PASS) {
            why = "no more 5xx and not slower than " + (baseline ? "before the update" : "the control");
        }
        return new Judgement(verdict, canary, control, baseline, window, errors, latency, why);
    }

    /** The thread's compact lines: the sides, the 5xx, the latency, the verdict. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(canary.label()).append(" (").append(String.join(", ", canary.hosts())).append(") vs ")
                .append(baseline ? "its own traffic before the update (weaker: no hosts left to compare with)"
                        : control.label() + " (" + String.join(", ", control.hosts()) + ")")
                .append(" · ").append(human(window)).append(" window\n");
        b.append("requests ").append(count(canary.requests())).append(" vs ").append(count(control.requests()))
                .append('\n');
        b.append("5xx ").append(count(canary.failed())).append('/').append(count(canary.requests())).append(' ')
                .append(ErrorCheck.pct(canary.errorRate())).append(" vs ").append(count(control.failed())).append('/')
                .append(count(control.requests())).append(' ').append(ErrorCheck.pct(control.errorRate()))
                .append(" · ").append(ratio(errors.ratio())).append(" p=").append(p(errors.p())).append(" → ")
                .append(word(errors.verdict())).append('\n');
        b.append("latency median ").append(ms(canary.medianMillis())).append(" vs ").append(ms(control.medianMillis()))
                .append(" · p99 ").append(ms(canary.p99Millis())).append(" vs ").append(ms(control.p99Millis()))
                .append(" (").append(canary.latencyMillis().length).append(" and ")
                .append(control.latencyMillis().length).append(" samples) · ").append(ratio(latency.ratio()))
                .append(" p=").append(p(latency.p())).append(" → ").append(word(latency.verdict())).append('\n');
        b.append("verdict ").append(verdict).append(": ").append(why);
        return b.toString();
    }

    private static String word(Verdict v) {
        return v.name().toLowerCase(Locale.ROOT);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 60 && s % 60 == 0 ? s / 60 + " min" : s >= 60 ? s / 60 + " min " + s % 60 + " s" : s + " s";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, v < 10 ? "%.1f ms" : "%.0f ms", v);
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "×–" : Double.isInfinite(r) ? "×∞" : String.format(Locale.ROOT, "×%.2f", r);
    }

    private static String p(double p) {
        return p >= 0.001 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.1e", p);
    }
}
