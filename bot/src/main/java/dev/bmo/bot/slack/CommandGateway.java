package dev.bmo.bot.slack;

import dev.bmo.bot.command.CommandRequest;
import dev.bmo.bot.command.Reply;

/**
 * The Slack adapter's one door into the command core ({@code CommandCore::handle}), in the core's own
 * types: the same text runs the same command as in the local shell; the request key names the chat
 * message that asked (a redelivered message finds the deploy it already started instead of starting a
 * second), and the request's listener (a {@link SlackDeployThread}) hears the deploy's events as it runs.
 */
@FunctionalInterface
public interface CommandGateway {

    Reply handle(CommandRequest request);
}
