package dev.bmo.bot.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.support.QuickStage;
import dev.bmo.bot.support.TestBot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;

class LocalShellTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    private TestBot bot;
    private LocalShell shell;

    @BeforeEach
    void start() throws Exception {
        bot = TestBot.onRealCatalog(new DeployPipeline(List.of(new QuickStage("build"), new QuickStage("deploy"))));
        shell = new LocalShell(bot.core, bot.deploys, out);
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    private String printed() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneCommandPrintsItsReplyAndExitsZero() throws Exception {
        shell.run(new DefaultApplicationArguments("-c", "help"));
        assertThat(shell.getExitCode()).isZero();
        assertThat(printed()).contains("BMO commands");
    }

    @Test
    void aFailedCommandExitsNonZero() throws Exception {
        shell.run(new DefaultApplicationArguments("-c", "nonsense"));
        assertThat(shell.getExitCode()).isEqualTo(1);
    }

    @Test
    void aMissingCommandAfterDashCIsAUsageError() throws Exception {
        shell.run(new DefaultApplicationArguments("-c"));
        assertThat(shell.getExitCode()).isEqualTo(2);
        assertThat(printed()).contains("usage");
    }

    @Test
    void aDeployIsFollowedLineByLineToItsSummary() throws Exception {
        shell.run(new DefaultApplicationArguments("-c", "deploy converter"));
        assertThat(shell.getExitCode()).isZero();
        String text = printed();
        assertThat(text).contains("#1 deploy of converter to local at main requested by")
                .contains("#1 [build] ...").contains("#1 [build] passed").contains("#1 [deploy] passed")
                .contains("SUCCEEDED").contains("full log: logs 1");
        assertThat(text.indexOf("[build] passed")).isLessThan(text.indexOf("SUCCEEDED"));
    }
}
