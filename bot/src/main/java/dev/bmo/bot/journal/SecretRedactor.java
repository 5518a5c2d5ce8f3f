package dev.bmo.bot.journal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Takes known secret values out of text: every occurrence becomes {@link #MARK}. The services keep their
 * secrets out of their logs already; this is the second line, for a line that slips through. Values shorter
 * than {@link #SHORTEST} characters are left alone (they would blot out ordinary words), longer ones are
 * replaced longest first.
 */
public final class SecretRedactor {

    public static final String MARK = "[redacted]";
    public static final int SHORTEST = 8;

    private final List<String> values;

    public SecretRedactor(Collection<String> values) {
        this.values = values.stream().filter(v -> v != null && v.strip().length() >= SHORTEST).map(String::strip)
                .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public int size() {
        return values.size();
    }

    public String redact(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : values) {
            if (out.contains(v)) {
                out = out.replace(v, MARK);
            }
        }
        return out;
    }

    LogLine redact(LogLine line) {
        return line.mapText(this::redact);
    }

    HostLog redact(HostLog log) {
        return new HostLog(log.host(), log.lines().stream().map(this::redact).toList(), redact(log.limit()),
                redact(log.problem()));
    }
}
