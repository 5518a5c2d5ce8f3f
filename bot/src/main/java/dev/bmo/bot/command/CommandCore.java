package dev.bmo.bot.command;

import org.springframework.stereotype.Component;

/** The chat-agnostic heart of BMO: every adapter (shell, Slack) hands it text and relays its reply. */
@Component
public class CommandCore {

    static final String HELP = """
            BMO commands:
              help                 this list
            (deploy, rollback, locks, status and metrics are on their way)""";

    public Reply handle(Caller caller, String text) {
        String command = text == null ? "" : text.strip();
        if (command.startsWith("bmo ")) {
            command = command.substring(4).strip();
        }
        if (command.equals("help") || command.isEmpty()) {
            return Reply.ok(HELP);
        }
        return Reply.error("I don't know the command '" + command + "'.\n" + HELP);
    }
}
