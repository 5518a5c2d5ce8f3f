package dev.bmo.bot.journal;

import dev.bmo.bot.command.Reply;
import dev.bmo.bot.text.TextTable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The answer to {@code journal}: a head line (what, where, which window, how many lines), a note per host
 * that could not be read or was read only in part, and the newest {@link #SHOWN} lines as a table (time,
 * host, level, message) for the chat. When that is not everything (more lines, or lines shortened: a long
 * message, a stack trace) the whole answer goes with it as a file, which Slack attaches to the thread.
 * Plain text throughout: the chat adapter escapes it for Slack.
 */
public final class JournalAnswer {

    /** Lines shown in the chat message itself. */
    public static final int SHOWN = 40;
    /** Longest message shown in the chat (the file has it whole). */
    static final int SHOWN_MESSAGE = 200;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private JournalAnswer() {
    }

    /**
     * @param what   the service and where, in words ("resizer in production", "... on resizer-1")
     * @param logs   every host's log, already redacted
     * @param filter what the lines must be
     * @param last   the window's length
     * @param now    when the answer was made (the file's name)
     */
    public static Reply of(String service, String env, String what, List<HostLog> logs, LogFilter filter,
            Duration last, Instant now) {
        List<LogLine> all = logs.stream().flatMap(l -> l.lines().stream())
                .sorted(Comparator.comparing(LogLine::at, Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
        List<LogLine> kept = all.stream().filter(filter::matches).toList();
        List<HostLog> failed = logs.stream().filter(l -> l.problem() != null).toList();
        long read = logs.size() - failed.size();
        String window = "last " + human(last) + ", " + levels(filter.min())
                + (filter.words().isEmpty() ? "" : ", holding '" + String.join(" ", filter.words()) + "'");
        List<String> notes = new ArrayList<>();
        for (HostLog l : logs) {
            if (l.problem() != null) {
                notes.add(l.host() + ": " + l.problem());
            } else if (l.limit() != null) {
                notes.add(l.host() + ": " + l.limit());
            }
        }
        if (read == 0) {
            return Reply.error("Could not read the log of " + what + " on any host:\n" + String.join("\n", notes));
        }
        boolean ok = failed.isEmpty();
        String hosts = read + " host" + (read == 1 ? "" : "s") + (failed.isEmpty() ? "" : " of " + logs.size());
        if (kept.isEmpty()) {
            return new Reply(ok, "No lines of " + what + " (" + window + "); " + all.size() + " line"
                    + (all.size() == 1 ? "" : "s") + " of the window read from " + hosts + "."
                    + (notes.isEmpty() ? "" : "\n" + String.join("\n", notes)));
        }
        List<LogLine> shown = kept.subList(Math.max(0, kept.size() - SHOWN), kept.size());
        boolean shortened = shown.stream().anyMatch(l -> !l.more().isEmpty() || l.message().contains("\n")
                || l.message().length() > SHOWN_MESSAGE);
        boolean whole = shown.size() == kept.size() && !shortened;
        String count = kept.size() + " line" + (kept.size() == 1 ? "" : "s");
        String head = what + " (" + window + "): " + count + " from " + hosts;
        StringBuilder text = new StringBuilder(head);
        if (!whole) {
            text.append(shown.size() < kept.size() ? "; the newest " + shown.size() + " below" : "; shortened below")
                    .append(", all of them in the attached file");
        }
        text.append(". Times UTC.");
        notes.forEach(n -> text.append('\n').append(n));
        text.append('\n').append(table(shown));
        Reply reply = new Reply(ok, text.toString());
        if (whole) {
            return reply;
        }
        StringBuilder file = new StringBuilder(head).append(". Times UTC.\n");
        notes.forEach(n -> file.append(n).append('\n'));
        file.append('\n');
        for (LogLine l : kept) {
            file.append(l.at() == null ? "-" : FULL.format(l.at())).append("  ").append(l.host()).append("  ")
                    .append(String.format("%-5s", l.level().shown())).append("  ")
                    .append(l.logger() == null ? "" : l.logger() + " : ").append(l.message()).append('\n');
            l.more().forEach(m -> file.append("    ").append(m).append('\n'));
        }
        String filename = "bmo-journal-" + service + "-" + env + "-" + STAMP.format(now) + ".log";
        return reply.withFile(new Reply.Attachment(filename, "journal " + head, file.toString()));
    }

    private static String table(List<LogLine> lines) {
        boolean oneDay = lines.stream().map(l -> l.at() == null ? null : l.at().atZone(ZoneOffset.UTC).toLocalDate())
                .filter(java.util.Objects::nonNull).distinct().count() <= 1;
        TextTable table = new TextTable("time", "host", "level", "message");
        for (LogLine l : lines) {
            table.row(l.at() == null ? "-" : (oneDay ? TIME : DAY_TIME).format(l.at()), l.host(), l.level().shown(),
                    shownMessage(l));
        }
        return table.toString();
    }

    /** A message as one chat line: its first line, at most {@link #SHOWN_MESSAGE} characters, and how much more there is. */
    static String shownMessage(LogLine l) {
        String[] lines = l.message().split("\n", -1);
        String first = lines[0].codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        // a fence in a log line would end the chat's code block early
        first = first.replace("```", "'''");
        if (first.length() > SHOWN_MESSAGE) {
            first = first.substring(0, SHOWN_MESSAGE) + "...";
        }
        int more = lines.length - 1 + l.more().size();
        return more == 0 ? first : first + " (+" + more + " line" + (more == 1 ? "" : "s") + ")";
    }

    static String levels(Level min) {
        return min == Level.TRACE ? "every level" : min.name().toLowerCase() + " and above";
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return (s / 3600) + "h";
        }
        if (s % 60 == 0) {
            return (s / 60) + "m";
        }
        return s + "s";
    }
}
