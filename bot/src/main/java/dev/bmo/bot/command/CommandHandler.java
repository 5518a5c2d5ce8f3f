package dev.bmo.bot.command;

/**
 * A feature that answers some commands itself (status and metrics plug in this way): any Spring
 * bean implementing this is asked before the core's own handling.
 */
public interface CommandHandler {

    boolean handles(Command command);

    Reply handle(CommandRequest request, Command command);
}
