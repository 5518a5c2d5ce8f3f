package dev.bmo.bot.journal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the fleet's log lines into {@link LogLine}s: one ECS JSON object per line (Spring Boot's structured
 * logging; {@code "log":{"level":..}} and {@code "log.level"} are the same field), Spring Boot's plain-text
 * lines as they were before, and journald's entries ({@code journalctl -o json}: MESSAGE holds the service's
 * line, {@code __REALTIME_TIMESTAMP} is in microseconds, PRIORITY the syslog level). Anything else is kept:
 * a stack-trace line belongs to the entry before it, any other line is an entry of its own with an unknown
 * level.
 */
public final class LogLineParser {

    /** Longest message and most continuation lines kept per entry: a runaway line must not fill the answer. */
    static final int MAX_MESSAGE = 4000;
    static final int MAX_MORE = 200;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Spring Boot's default console line: {@code 2026-12-01T08:24:59.683Z  INFO 26362 --- [app] [main] c.Logger : text}. */
    private static final Pattern SPRING_TEXT = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?(?:Z|[+-]\\d{2}:?\\d{2})?)\\s+"
                    + "(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\\s+(?:\\d+\\s+)?---\\s+(?:\\[[^\\]]*\\]\\s*)*(\\S+?)\\s+:\\s?(.*)$");
    /** Lines of a stack trace (or its indented continuation) printed after the line they belong to. */
    private static final Pattern CONTINUES = Pattern.compile(
            "^(\\s+.*|at [\\w$.<>/]+\\(.*|Caused by: .*|Suppressed: .*|\\.\\.\\. \\d+ more|"
                    + "(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Throwable)(?::.*)?)$");

    private LogLineParser() {
    }

    /** The lines of a log file (oldest first) as entries; lines that say no time get their neighbours' or {@code fileTime}. */
    public static List<LogLine> fromFile(List<String> lines, String host, Instant fileTime) {
        Assembler a = new Assembler(host);
        for (String line : lines) {
            a.add(line, Level.UNKNOWN, null);
        }
        return a.entries(fileTime);
    }

    /** {@code journalctl -o json} output, one entry per line (oldest first); lines that are not journal JSON are skipped. */
    public static List<LogLine> fromJournal(List<String> jsonLines, String host) {
        Assembler a = new Assembler(host);
        Instant last = null;
        for (String json : jsonLines) {
            JsonNode entry = object(json);
            if (entry == null) {
                continue;
            }
            Instant at = micros(entry.path("__REALTIME_TIMESTAMP").asString(""));
            last = at == null ? last : at;
            a.add(journalText(entry.get("MESSAGE")), Level.ofPriority(entry.path("PRIORITY").asString(null)), at);
        }
        return a.entries(last);
    }

    /** One line as an entry when it is a log line BMO can read (ECS JSON or Spring Boot's text); else empty. */
    public static Optional<LogLine> structured(String line, String host) {
        if (line == null) {
            return Optional.empty();
        }
        String text = line.strip();
        if (text.startsWith("{")) {
            JsonNode ecs = object(text);
            if (ecs != null && (field(ecs, "@timestamp") != null || field(ecs, "message") != null)) {
                return Optional.of(ecs(ecs, host));
            }
            return Optional.empty();
        }
        Matcher m = SPRING_TEXT.matcher(text);
        if (m.matches()) {
            return Optional.of(new LogLine(time(m.group(1)), host, Level.of(m.group(2)), m.group(3),
                    cut(m.group(4)), List.of()));
        }
        return Optional.empty();
    }

    private static LogLine ecs(JsonNode line, String host) {
        JsonNode level = field(line, "log.level");
        JsonNode logger = field(line, "log.logger");
        JsonNode message = field(line, "message");
        List<String> more = new ArrayList<>();
        JsonNode stack = field(line, "error.stack_trace");
        if (stack != null && stack.isString()) {
            stack.asString().lines().limit(MAX_MORE).forEach(more::add);
        } else {
            JsonNode type = field(line, "error.type");
            JsonNode error = field(line, "error.message");
            if (type != null || error != null) {
                more.add((type == null ? "" : type.asString() + ": ") + (error == null ? "" : error.asString()));
            }
        }
        String text = message == null ? "" : message.isString() ? message.asString() : message.toString();
        JsonNode at = field(line, "@timestamp");
        return new LogLine(at == null ? null : time(at.asString()), host,
                level == null ? Level.UNKNOWN : Level.of(level.asString()),
                logger == null ? null : logger.asString(), cut(text), more);
    }

    /**
     * A field by its dotted ECS name, however it was written: {@code "log.level"}, {@code "log":{"level":..}},
     * or partly nested ({@code "error":{"stack_trace":..}} for {@code error.stack_trace}). Null when absent.
     */
    static JsonNode field(JsonNode object, String dotted) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode whole = object.get(dotted);
        if (whole != null && !whole.isNull()) {
            return whole;
        }
        int dot = dotted.indexOf('.');
        while (dot > 0) {
            JsonNode inner = object.get(dotted.substring(0, dot));
            JsonNode found = field(inner, dotted.substring(dot + 1));
            if (found != null) {
                return found;
            }
            dot = dotted.indexOf('.', dot + 1);
        }
        return null;
    }

    /** Whether a line that is not a log line of its own continues the one before it (a stack trace). */
    static boolean continues(String line) {
        return CONTINUES.matcher(line).matches();
    }

    /** journald's MESSAGE: a string, or an array of bytes when it holds what is not printable UTF-8. */
    private static String journalText(JsonNode message) {
        if (message == null || message.isNull()) {
            return "";
        }
        if (message.isArray()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (JsonNode b : message) {
                bytes.write(b.asInt());
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }
        return message.asString();
    }

    private static JsonNode object(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static Instant micros(String text) {
        try {
            long us = Long.parseLong(text.strip());
            return Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An ISO time with or without an offset (without: UTC); null when it is none. */
    static Instant time(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip().replace(' ', 'T').replace(',', '.');
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String cut(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + " ... (cut at " + MAX_MESSAGE
                + " characters)";
    }

    /** Builds entries line by line: continuation lines join the entry before them; times are filled in at the end. */
    private static final class Assembler {
        private final String host;
        private final List<Entry> entries = new ArrayList<>();

        private static final class Entry {
            Instant at;
            final Level level;
            final String logger;
            final String message;
            final List<String> more = new ArrayList<>();

            Entry(LogLine line) {
                this.at = line.at();
                this.level = line.level();
                this.logger = line.logger();
                this.message = line.message();
                this.more.addAll(line.more());
            }
        }

        Assembler(String host) {
            this.host = host;
        }

        void add(String raw, Level fallbackLevel, Instant fallbackTime) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isBlank()) {
                return;
            }
            Optional<LogLine> parsed = structured(line, host);
            if (parsed.isPresent()) {
                LogLine p = parsed.get();
                Entry e = new Entry(p.at() == null ? new LogLine(fallbackTime, host, p.level(), p.logger(), p.message(),
                        p.more()) : p);
                entries.add(e);
                return;
            }
            if (!entries.isEmpty() && continues(line)) {
                Entry previous = entries.get(entries.size() - 1);
                if (previous.more.size() < MAX_MORE) {
                    previous.more.add(cut(line));
                }
                return;
            }
            entries.add(new Entry(new LogLine(fallbackTime, host, fallbackLevel, null, cut(line), List.of())));
        }

        /** The entries; an entry without a time takes the one before it, else the one after it, else {@code last}. */
        List<LogLine> entries(Instant last) {
            Instant known = null;
            for (Entry e : entries) {
                if (e.at == null) {
                    e.at = known;
                } else {
                    known = e.at;
                }
            }
            known = last;
            for (int i = entries.size() - 1; i >= 0; i--) {
                Entry e = entries.get(i);
                if (e.at == null) {
                    e.at = known;
                } else {
                    known = e.at;
                }
            }
            return entries.stream().map(e -> new LogLine(e.at, host, e.level, e.logger, e.message, e.more)).toList();
        }
    }
}
