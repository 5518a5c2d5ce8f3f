package dev.bmo.bot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.BmoApplication;
import dev.bmo.bot.support.TestBot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** BMO as a server exposes its own health, info and metrics, and nothing else; as a shell it opens no port. */
@Tag("slow") // the whole application with its management server: ./test --fast leaves it out
@Isolated // sets system properties: no other test class may run beside it (./test --fast runs classes in parallel)
class ManagementServerTest {

    @TempDir
    Path state;

    @Test
    void aServingBmoAnswersActuatorAndAShellOpensNoPort() throws Exception {
        // system properties outrank application.yml, as BMO_... variables do in production
        Map<String, String> settings = Map.of("bmo.repo", TestBot.repoRoot().toString(), "bmo.state-dir", state.toString(),
                "spring.datasource.url", "jdbc:h2:file:" + state.resolve("db/bmo"), "bmo.shell.enabled", "false",
                "server.port", "0");
        settings.forEach(System::setProperty);
        try {
            servingAndShell();
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
    }

    private void servingAndShell() throws Exception {
        // what SlackShellSwitch sets in Slack mode, with the same precedence as a variable
        System.setProperty("spring.main.web-application-type", "servlet");
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(BmoApplication.class).run()) {
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            assertThat(get(http, port, "/actuator/health").body()).contains("\"status\":\"UP\"");
            assertThat(get(http, port, "/actuator/info").body()).contains("uptimeSeconds");
            assertThat(get(http, port, "/actuator/metrics").body()).contains("jvm.memory.used");
            assertThat(get(http, port, "/actuator/env").statusCode()).isEqualTo(404);
        } finally {
            System.clearProperty("spring.main.web-application-type");
        }
        try (ConfigurableApplicationContext shell = new SpringApplicationBuilder(BmoApplication.class).run()) {
            assertThat(shell).isNotInstanceOf(WebServerApplicationContext.class);
        }
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
