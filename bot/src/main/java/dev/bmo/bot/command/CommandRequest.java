package dev.bmo.bot.command;

import dev.bmo.bot.deploy.DeployListener;

/**
 * One command as a chat adapter hands it to the core.
 *
 * @param requestKey makes deploy-like commands idempotent: the same key never starts a second
 *                   deploy (Slack: the event id or the slash command's trigger id); null for none
 * @param origin     where it came from, in the adapter's words (stored with a deploy, for the adapter)
 * @param progress   receives the events of a deploy this command starts
 */
public record CommandRequest(Caller caller, String text, String requestKey, String origin, DeployListener progress) {

    public static CommandRequest of(Caller caller, String text) {
        return new CommandRequest(caller, text, null, null, DeployListener.NONE);
    }
}
