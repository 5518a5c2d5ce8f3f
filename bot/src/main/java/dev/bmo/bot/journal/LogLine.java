package dev.bmo.bot.journal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * One log entry of one host: when, where, how bad, who logged it, what it says, and the lines that belong
 * to it (a stack trace). {@code logger} may be null (a line that names none).
 */
public record LogLine(Instant at, String host, Level level, String logger, String message, List<String> more) {

    public LogLine {
        more = List.copyOf(more);
        message = message == null ? "" : message;
    }

    /** Everything the line says, for grep: the logger, the message and the lines that belong to it, lower case. */
    String searchable() {
        StringBuilder s = new StringBuilder(logger == null ? "" : logger).append('\n').append(message);
        more.forEach(m -> s.append('\n').append(m));
        return s.toString().toLowerCase(Locale.ROOT);
    }

    /** The same line with its texts passed through {@code f} (redaction). */
    LogLine mapText(UnaryOperator<String> f) {
        List<String> mapped = new ArrayList<>(more.size());
        more.forEach(m -> mapped.add(f.apply(m)));
        return new LogLine(at, host, level, logger == null ? null : f.apply(logger), f.apply(message), mapped);
    }
}
