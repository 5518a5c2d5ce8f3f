package dev.bmo.bot.journal;

import java.util.Locale;

/**
 * A log line's level, lowest first. {@link #UNKNOWN} is a line that says none (a plain-text line BMO could
 * not read, a stack trace printed on its own): it counts as {@code info} when filtering, so it is shown at
 * {@code info} and below and left out at {@code warn} and {@code error}.
 */
public enum Level {
    UNKNOWN, TRACE, DEBUG, INFO, WARN, ERROR;

    /** A level as logs and people write it ({@code WARN}, {@code warning}, {@code FATAL}); unknown words: UNKNOWN. */
    public static Level of(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "TRACE", "FINEST", "FINER" -> TRACE;
            case "DEBUG", "FINE" -> DEBUG;
            case "INFO", "INFORMATION", "NOTICE" -> INFO;
            case "WARN", "WARNING" -> WARN;
            case "ERROR", "ERR", "FATAL", "SEVERE", "CRITICAL", "CRIT", "ALERT", "EMERG" -> ERROR;
            default -> UNKNOWN;
        };
    }

    /** journald's PRIORITY (syslog's 0 emerg .. 7 debug); absent or not a number: UNKNOWN. */
    public static Level ofPriority(String priority) {
        if (priority == null || !priority.strip().matches("[0-7]")) {
            return UNKNOWN;
        }
        int p = Integer.parseInt(priority.strip());
        return p <= 3 ? ERROR : p == 4 ? WARN : p <= 6 ? INFO : DEBUG;
    }

    /** Whether a line of this level passes a filter of {@code min} and above. */
    public boolean atLeast(Level min) {
        Level effective = this == UNKNOWN ? INFO : this;
        return effective.ordinal() >= min.ordinal();
    }

    /** How the reply shows it: {@code WARN}, or {@code ?} for unknown. */
    public String shown() {
        return this == UNKNOWN ? "?" : name();
    }
}
