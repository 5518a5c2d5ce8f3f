package dev.bmo.bot.journal;

import java.time.Instant;
import java.util.List;

/**
 * What one host's log gave: its entries of the window (oldest first, at most the bound), what bounded the
 * reading when something did ({@code limit}, else null), and why nothing could be read ({@code problem}, else null).
 */
public record HostLog(String host, List<LogLine> lines, String limit, String problem) {

    public HostLog {
        lines = List.copyOf(lines);
    }

    public static HostLog failed(String host, String problem) {
        return new HostLog(host, List.of(), null, problem);
    }

    /**
     * The entries from {@code since} on, the newest {@code max} of them.
     *
     * @param cutAtStart the reading began after the start of the log (a file's tail): older lines of the window
     *                   may be missing when the first entry read is already inside it
     * @param cutWhat    what was read, for the note ("the last 4 MiB of its log file")
     */
    static HostLog window(String host, List<LogLine> entries, Instant since, int max, boolean cutAtStart,
            String cutWhat) {
        List<LogLine> inWindow = entries.stream().filter(l -> l.at() == null || !l.at().isBefore(since)).toList();
        String limit = null;
        if (inWindow.size() > max) {
            inWindow = inWindow.subList(inWindow.size() - max, inWindow.size());
            limit = "only the newest " + max + " lines of the window were read";
        } else if (cutAtStart && !inWindow.isEmpty() && inWindow.size() == entries.size()) {
            limit = "only " + cutWhat + " was read; older lines of the window are not shown";
        }
        return new HostLog(host, inWindow, limit, null);
    }
}
