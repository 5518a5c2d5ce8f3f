package dev.bmo.bot.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.BmoApplication;
import dev.bmo.bot.support.TestBot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./bmo -c "journal resizer"} with the whole Spring wiring over the real catalog, the local resizers'
 * directories in a temporary hosts dir: the terminal gets the whole answer (every line, not the chat's newest
 * 40), and BMO's own Actuator token never shows.
 */
@Isolated // replaces System.out and sets system properties: no other test class may run beside it (./test --fast runs classes in parallel)
class JournalInTheShellTest {

    @TempDir
    Path state;

    @Test
    void theShellPrintsTheWholeAnswer() throws Exception {
        Path hosts = state.resolve("hosts");
        Instant now = Instant.now();
        for (String host : List.of("resizer-1", "resizer-2", "resizer-3")) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                lines.add("{\"@timestamp\":\"" + now.minusSeconds(200 - i) + "\",\"log\":{\"level\":\"INFO\",\"logger\":"
                        + "\"dev.bmo.resizer.Web\"},\"message\":\"" + host + " served " + i
                        + " with shell-test-token-0d9e\",\"ecs\":{\"version\":\"8.11\"}}");
            }
            Files.createDirectories(hosts.resolve(host).resolve("log"));
            Files.writeString(hosts.resolve(host).resolve("log/bmo-resizer.log"), String.join("\n", lines) + "\n");
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Map<String, String> settings = Map.of("bmo.repo", TestBot.repoRoot().toString(), "bmo.state-dir",
                state.toString(), "bmo.hosts-dir", hosts.toString(), "BMO_ACTUATOR_TOKEN", "shell-test-token-0d9e",
                "spring.datasource.url", "jdbc:h2:file:" + state.resolve("db/bmo"));
        settings.forEach(System::setProperty);
        int exit;
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(BmoApplication.class)
                .run("-c", "journal resizer last 5m")) {
            exit = SpringApplication.exit(ctx);
        } finally {
            System.setOut(original);
            settings.keySet().forEach(System::clearProperty);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("resizer in local (last 5m, info and above): 90 lines from 3 hosts")
                .contains("resizer-1  INFO   dev.bmo.resizer.Web : resizer-1 served 0 with [redacted]")
                .doesNotContain("shell-test-token-0d9e");
        assertThat(out.lines().filter(l -> l.contains(" served ")).count()).as("every line, not 40").isEqualTo(90);
    }
}
