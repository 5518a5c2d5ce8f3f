package dev.bmo.bot.command;

import dev.bmo.bot.deploy.DeployHandle;

/**
 * What BMO answers to one command: text for people, whether the command succeeded, and for
 * deploy-like commands the deploy it started or found (whose events keep coming after the reply).
 */
public record Reply(boolean ok, String text, DeployHandle deploy) {

    public Reply(boolean ok, String text) {
        this(ok, text, null);
    }

    public static Reply ok(String text) {
        return new Reply(true, text, null);
    }

    public static Reply error(String text) {
        return new Reply(false, text, null);
    }

    public static Reply deploy(DeployHandle handle) {
        return new Reply(!handle.status().isFinal() || handle.status() == dev.bmo.bot.history.DeployStatus.SUCCEEDED,
                handle.message(), handle);
    }
}
