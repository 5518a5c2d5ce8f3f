package dev.bmo.bot.process;

import java.util.List;

/** How an external command ended, with the last lines it printed (for error messages). */
public record ProcessResult(int exitCode, boolean timedOut, boolean cancelled, List<String> tail) {

    public boolean ok() {
        return exitCode == 0 && !timedOut && !cancelled;
    }

    public String tailText() {
        return String.join("\n", tail);
    }
}
