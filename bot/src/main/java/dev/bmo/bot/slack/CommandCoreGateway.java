package dev.bmo.bot.slack;

import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.CommandCore;
import dev.bmo.bot.command.Reply;

/**
 * The gateway onto the command core as it stands: text in, reply out. The core does not yet take
 * a request key or report deploy events to an adapter; until it does, both are ignored here (and
 * deploy conversations in Slack are covered against {@link DeployProgress} directly).
 */
public final class CommandCoreGateway implements CommandGateway {

    private final CommandCore core;

    public CommandCoreGateway(CommandCore core) {
        this.core = core;
    }

    @Override
    public Reply handle(Caller caller, String text, String requestKey, DeployProgress progress) {
        return core.handle(caller, text);
    }
}
