package dev.bmo.bot.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLineParserTest {

    /** A line as Spring Boot's ECS structured logging writes it (MDC's dotted keys nested). */
    static final String NESTED = """
            {"@timestamp":"2026-12-01T18:00:00.123Z","log":{"level":"WARN","logger":"dev.bmo.resizer.Render"},\
            "process":{"pid":1,"thread":{"name":"main"}},"service":{"name":"bmo-resizer","version":"1.4",\
            "environment":"production","node":{"name":"resizer-1"}},"message":"render took 5.2 s: timeout",\
            "ecs":{"version":"8.11"}}""";
    /** The same fields written flat, with ECS's dotted names. */
    static final String FLAT = """
            {"@timestamp":"2026-12-01T18:00:01.5+01:00","log.level":"error","log.logger":"dev.bmo.media.Upload",\
            "service.name":"bmo-media","message":"upload failed","error.type":"java.io.IOException",\
            "error.message":"broken pipe","ecs.version":"8.11"}""";

    @Test
    void anEcsLineNestedOrFlatIsTheSame() {
        LogLine nested = LogLineParser.structured(NESTED, "resizer-1").orElseThrow();
        assertThat(nested).isEqualTo(new LogLine(Instant.parse("2026-12-01T18:00:00.123Z"), "resizer-1", Level.WARN,
                "dev.bmo.resizer.Render", "render took 5.2 s: timeout", List.of()));
        LogLine flat = LogLineParser.structured(FLAT, "media-1").orElseThrow();
        assertThat(flat.at()).isEqualTo(Instant.parse("2026-12-01T17:00:01.5Z"));
        assertThat(flat.level()).isEqualTo(Level.ERROR);
        assertThat(flat.logger()).isEqualTo("dev.bmo.media.Upload");
        assertThat(flat.more()).containsExactly("java.io.IOException: broken pipe");
        // partly nested, partly dotted
        String mixed = "{\"@timestamp\":\"2026-12-01T18:00:02Z\",\"log\":{\"level\":\"INFO\"},\"log.logger\":\"x.Y\","
                + "\"message\":\"hello\",\"error\":{\"stack_trace\":\"java.lang.IllegalStateException: no\\n\\tat x.Y.z(Y.java:3)\"}}";
        LogLine m = LogLineParser.structured(mixed, "h").orElseThrow();
        assertThat(m.level()).isEqualTo(Level.INFO);
        assertThat(m.logger()).isEqualTo("x.Y");
        assertThat(m.more()).containsExactly("java.lang.IllegalStateException: no", "\tat x.Y.z(Y.java:3)");
    }

    @Test
    void springBootsPlainTextLinesAreReadToo() {
        LogLine l = LogLineParser.structured("2026-12-01T08:24:59.683Z  INFO 26362 --- [bmo-resizer] [           main]"
                + " d.b.resizer.ResizerApplication           : Started ResizerApplication in 2.1 seconds", "r1")
                .orElseThrow();
        assertThat(l).isEqualTo(new LogLine(Instant.parse("2026-12-01T08:24:59.683Z"), "r1", Level.INFO,
                "d.b.resizer.ResizerApplication", "Started ResizerApplication in 2.1 seconds", List.of()));
        assertThat(LogLineParser.structured("2026-12-01T08:25:00.001+00:00 ERROR 1 --- [main] o.s.Boot : failed", "r1")
                .orElseThrow().level()).isEqualTo(Level.ERROR);
    }

    @Test
    void otherLinesAreKeptAStackTraceWithTheLineBeforeIt() {
        Instant fileTime = Instant.parse("2026-12-01T19:00:00Z");
        List<LogLine> lines = LogLineParser.fromFile(List.of(
                "Picked up JAVA_TOOL_OPTIONS: -Xmx64m",
                NESTED,
                "java.lang.IllegalStateException: the cache is full",
                "\tat dev.bmo.resizer.Cache.put(Cache.java:42)",
                "Caused by: java.io.IOException: no space",
                "\t... 3 more",
                "",
                "a line of its own",
                "{not json at all",
                FLAT), "resizer-1", fileTime);
        assertThat(lines).extracting(LogLine::level, LogLine::message).containsExactly(
                tuple(Level.UNKNOWN, "Picked up JAVA_TOOL_OPTIONS: -Xmx64m"),
                tuple(Level.WARN, "render took 5.2 s: timeout"),
                tuple(Level.UNKNOWN, "a line of its own"),
                tuple(Level.UNKNOWN, "{not json at all"),
                tuple(Level.ERROR, "upload failed"));
        assertThat(lines.get(1).more()).containsExactly("java.lang.IllegalStateException: the cache is full",
                "\tat dev.bmo.resizer.Cache.put(Cache.java:42)", "Caused by: java.io.IOException: no space",
                "\t... 3 more");
        // a line without a time takes the one before it; the first ones the one after them
        assertThat(lines).extracting(LogLine::at).containsExactly(Instant.parse("2026-12-01T18:00:00.123Z"),
                Instant.parse("2026-12-01T18:00:00.123Z"), Instant.parse("2026-12-01T18:00:00.123Z"),
                Instant.parse("2026-12-01T18:00:00.123Z"), Instant.parse("2026-12-01T17:00:01.5Z"));
        // a file with no time in it at all: its lines are as old as the file
        assertThat(LogLineParser.fromFile(List.of("just text"), "h", fileTime)).singleElement()
                .extracting(LogLine::at).isEqualTo(fileTime);
    }

    @Test
    void journalctlsJsonHoldsTheServicesLineInMessage() {
        String ecs = NESTED.replace("\"", "\\\"");
        List<String> journal = List.of(
                "{\"__CURSOR\":\"s=1\",\"__REALTIME_TIMESTAMP\":\"1796148000500000\",\"PRIORITY\":\"6\",\"MESSAGE\":\""
                        + ecs + "\"}",
                // systemd's own line about the unit: plain text, its level from PRIORITY, its time journald's
                "{\"__REALTIME_TIMESTAMP\":\"1796148001000000\",\"PRIORITY\":\"4\",\"MESSAGE\":\"bmo-resizer.service:"
                        + " Consumed 2.1s CPU time.\"}",
                // a message that is not printable UTF-8 comes as bytes
                "{\"__REALTIME_TIMESTAMP\":\"1796148002000000\",\"PRIORITY\":\"3\",\"MESSAGE\":[104,105,7,33]}",
                "not json",
                "{\"__REALTIME_TIMESTAMP\":\"1796148003000000\",\"MESSAGE\":\"\\tat x.Y.z(Y.java:1)\"}");
        List<LogLine> lines = LogLineParser.fromJournal(journal, "lab-resizer-1");
        assertThat(lines).extracting(LogLine::at, LogLine::level, LogLine::message).containsExactly(
                tuple(Instant.parse("2026-12-01T18:00:00.123Z"), Level.WARN, "render took 5.2 s: timeout"),
                tuple(Instant.parse("2026-12-01T18:00:01Z"), Level.WARN, "bmo-resizer.service: Consumed 2.1s CPU time."),
                tuple(Instant.parse("2026-12-01T18:00:02Z"), Level.ERROR, "hi\u0007!"));
        assertThat(lines.get(2).more()).containsExactly("\tat x.Y.z(Y.java:1)");
        assertThat(lines).extracting(LogLine::host).containsOnly("lab-resizer-1");
    }

    @Test
    void levelsAsLogsWriteThemAndWhatAFilterLetsThrough() {
        assertThat(Level.of("warning")).isEqualTo(Level.WARN);
        assertThat(Level.of("FATAL")).isEqualTo(Level.ERROR);
        assertThat(Level.of("chatty")).isEqualTo(Level.UNKNOWN);
        assertThat(Level.ofPriority("7")).isEqualTo(Level.DEBUG);
        assertThat(Level.WARN.atLeast(Level.WARN)).isTrue();
        assertThat(Level.INFO.atLeast(Level.WARN)).isFalse();
        assertThat(Level.ERROR.atLeast(Level.WARN)).isTrue();
        assertThat(Level.UNKNOWN.atLeast(Level.INFO)).as("an unknown level counts as info").isTrue();
        assertThat(Level.UNKNOWN.atLeast(Level.WARN)).isFalse();
    }
}
