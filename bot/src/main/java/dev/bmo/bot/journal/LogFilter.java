package dev.bmo.bot.journal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Which lines an answer keeps: from {@code since} on, at {@code min} and above, holding every one of
 * {@code words} (case-insensitive, in the logger, the message or the lines that belong to it). Applied in
 * BMO after the lines are fetched: nothing typed in chat reaches a host.
 */
public record LogFilter(Instant since, Level min, List<String> words) {

    public LogFilter {
        words = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }

    public boolean matches(LogLine line) {
        if (since != null && line.at() != null && line.at().isBefore(since)) {
            return false;
        }
        if (!line.level().atLeast(min)) {
            return false;
        }
        if (words.isEmpty()) {
            return true;
        }
        String text = line.searchable();
        return words.stream().allMatch(text::contains);
    }
}
