package dev.bmo.bot.fleet;

import java.util.List;

/**
 * A figure of a service's own work that {@code bmo metrics} shows beside the request figures, read from
 * one Actuator meter:
 * <ul>
 *   <li>{@link Kind#PER_MINUTE}: a counter's change over the sampling window, per minute (hosts add up);</li>
 *   <li>{@link Kind#CURRENT}: a value now, each host its own (hosts add up);</li>
 *   <li>{@link Kind#SHARED}: a value now of something all hosts see alike, like a queue (the total is the largest);</li>
 *   <li>{@link Kind#SHARE}: this counter's change as a percentage of itself plus {@code other} (cache hits of all lookups).</li>
 * </ul>
 */
public record Figure(String label, String meter, List<String> tags, String statistic, Kind kind, Figure other) {

    public enum Kind { PER_MINUTE, CURRENT, SHARED, SHARE }

    public static Figure perMinute(String label, String meter, String... tags) {
        return new Figure(label, meter, List.of(tags), "COUNT", Kind.PER_MINUTE, null);
    }

    public static Figure current(String label, String meter, String... tags) {
        return new Figure(label, meter, List.of(tags), "VALUE", Kind.CURRENT, null);
    }

    public static Figure shared(String label, String meter, String... tags) {
        return new Figure(label, meter, List.of(tags), "VALUE", Kind.SHARED, null);
    }

    public static Figure share(String label, Figure part, Figure other) {
        return new Figure(label, part.meter(), part.tags(), part.statistic(), Kind.SHARE, other);
    }
}
