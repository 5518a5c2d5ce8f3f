package dev.bmo.bot.command;

import dev.bmo.bot.deploy.DeployHandle;

/**
 * What BMO answers to one command: text for people, whether the command succeeded, for
 * deploy-like commands the deploy it started or found (whose events keep coming after the reply),
 * and for answers too long for a chat message the whole answer as a file ({@code file}, else null):
 * Slack attaches it to the reply's thread, the shell prints it instead of the text.
 */
public record Reply(boolean ok, String text, DeployHandle deploy, Attachment file) {

    /** A text file that goes with a reply: its name, its title in chat, and its content (plain text, not escaped). */
    public record Attachment(String filename, String title, String content) {
    }

    public Reply(boolean ok, String text, DeployHandle deploy) {
        this(ok, text, deploy, null);
    }

    public Reply(boolean ok, String text) {
        this(ok, text, null, null);
    }

    /** The same reply with the whole answer attached as a file. */
    public Reply withFile(Attachment attachment) {
        return new Reply(ok, text, deploy, attachment);
    }

    public static Reply ok(String text) {
        return new Reply(true, text, null, null);
    }

    public static Reply error(String text) {
        return new Reply(false, text, null, null);
    }

    public static Reply deploy(DeployHandle handle) {
        return new Reply(!handle.status().isFinal() || handle.status() == dev.bmo.bot.history.DeployStatus.SUCCEEDED,
                handle.message(), handle);
    }
}
