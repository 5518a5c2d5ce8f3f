package dev.bmo.bot.canary;

/**
 * The outcome of one statistical check of a batch against its control.
 *
 * @param ratio canary / control (the error rates, or the median latencies); infinite when the control's is 0
 * @param p     the one-sided p-value (1 when there was nothing to test)
 * @param why   what decided the verdict, in words
 */
public record Check(Verdict verdict, double ratio, double p, String why) {
}
