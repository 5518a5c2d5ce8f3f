package dev.bmo.bot.slack;

import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.Reply;

/**
 * The Slack adapter's one door into the command core. The same text runs the same command as in
 * the local shell; {@code requestKey} names the chat message that asked (so a redelivered message
 * finds the deploy it already started instead of starting a second), and {@code progress} hears
 * the deploy as it runs.
 */
public interface CommandGateway {

    Reply handle(Caller caller, String text, String requestKey, DeployProgress progress);
}
