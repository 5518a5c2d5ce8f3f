package dev.bmo.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandCoreTest {

    private final CommandCore core = new CommandCore();

    @Test
    void helpListsTheCommands() {
        Reply reply = core.handle(Caller.local(), "help");
        assertThat(reply.ok()).isTrue();
        assertThat(reply.text()).contains("help");
    }

    @Test
    void anUnknownCommandFailsAndShowsHelp() {
        Reply reply = core.handle(Caller.local(), "bmo fly to the moon");
        assertThat(reply.ok()).isFalse();
        assertThat(reply.text()).contains("fly to the moon").contains("BMO commands");
    }
}
