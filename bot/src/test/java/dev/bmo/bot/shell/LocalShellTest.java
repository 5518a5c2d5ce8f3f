package dev.bmo.bot.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import dev.bmo.bot.command.CommandCore;

class LocalShellTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void capture() {
        original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(original);
    }

    @Test
    void oneCommandPrintsItsReplyAndExitsZero() throws Exception {
        LocalShell shell = new LocalShell(new CommandCore());
        shell.run(new DefaultApplicationArguments("-c", "help"));
        assertThat(shell.getExitCode()).isZero();
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("BMO commands");
    }

    @Test
    void aFailedCommandExitsNonZero() throws Exception {
        LocalShell shell = new LocalShell(new CommandCore());
        shell.run(new DefaultApplicationArguments("-c", "nonsense"));
        assertThat(shell.getExitCode()).isEqualTo(1);
    }

    @Test
    void aMissingCommandAfterDashCIsAUsageError() throws Exception {
        LocalShell shell = new LocalShell(new CommandCore());
        shell.run(new DefaultApplicationArguments("-c"));
        assertThat(shell.getExitCode()).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("usage");
    }
}
