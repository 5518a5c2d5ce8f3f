package dev.bmo.bot.command;

/** What BMO answers to one command: text for people, and whether the command succeeded. */
public record Reply(boolean ok, String text) {

    public static Reply ok(String text) {
        return new Reply(true, text);
    }

    public static Reply error(String text) {
        return new Reply(false, text);
    }
}
