package dev.bmo.bot.canary;

/** What one look at a batch's traffic says. Too little traffic is never a pass. */
public enum Verdict {
    PASS, INCONCLUSIVE, FAIL, CRITICAL;

    /** The worse of two verdicts (CRITICAL &gt; FAIL &gt; INCONCLUSIVE &gt; PASS). */
    public Verdict worse(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
