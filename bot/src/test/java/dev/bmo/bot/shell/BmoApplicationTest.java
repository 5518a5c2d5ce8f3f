package dev.bmo.bot.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.BmoApplication;
import dev.bmo.bot.support.TestBot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** BMO as {@code ./bmo -c} starts it: the whole Spring wiring, Flyway on a fresh file database, one command. */
@Isolated // replaces System.out and sets system properties: no other test class may run beside it (./test --fast runs classes in parallel)
class BmoApplicationTest {

    @TempDir
    Path state;

    @Test
    void theApplicationStartsMigratesItsDatabaseAndAnswersOneCommand() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        // system properties outrank application.yml, as BMO_... variables do in production
        Map<String, String> settings = Map.of("bmo.repo", TestBot.repoRoot().toString(), "bmo.state-dir",
                state.toString(), "spring.datasource.url", "jdbc:h2:file:" + state.resolve("db/bmo"));
        settings.forEach(System::setProperty);
        int exit;
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(BmoApplication.class)
                .run("-c", "wcid resizer")) {
            exit = SpringApplication.exit(ctx);
        } finally {
            System.setOut(original);
            settings.keySet().forEach(System::clearProperty);
        }
        assertThat(exit).isZero();
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("Where").contains("local (default)")
                .contains("production");
        assertThat(Files.exists(state.resolve("db/bmo.mv.db"))).isTrue();
    }
}
