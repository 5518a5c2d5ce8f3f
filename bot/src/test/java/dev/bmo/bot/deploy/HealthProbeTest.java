package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bmo.bot.fleet.ActuatorClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deploy's verify step reads a host the way the services protect it: health open, info behind
 * {@code BMO_ACTUATOR_TOKEN} (as the observability library configures Actuator).
 */
class HealthProbeTest {

    private static final String TOKEN = "fleet-token";
    private HttpServer host;

    @BeforeEach
    void startHost() throws Exception {
        host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        host.createContext("/actuator/health", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        host.createContext("/actuator/info", exchange -> {
            boolean authorised = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, authorised ? 200 : 401, authorised
                    ? "{\"build\":{\"version\":\"0.1.0\"},\"git\":{\"commit\":{\"id\":{\"full\":\"abc1234def5678\"}}}}"
                    : "{\"error\":\"unauthorized\"}");
        });
        host.start();
    }

    @AfterEach
    void stopHost() {
        host.stop(0);
    }

    @Test
    void sendsTheFleetsActuatorTokenAndReadsVersionAndCommit() {
        HealthProbe probe = new HealthProbe(new ActuatorClient(Duration.ofSeconds(2), Optional.of(TOKEN)));
        HealthProbe.Report report = probe.check("127.0.0.1", port(), "/actuator/health", "/actuator/info");
        assertThat(report.error()).isNull();
        assertThat(report.up()).isTrue();
        assertThat(report.version()).isEqualTo("0.1.0");
        assertThat(report.commit()).isEqualTo("abc1234def5678");
        assertThat(report.problem("abc1234def5678aaaa", "0.1.0")).isNull();
    }

    @Test
    void aMissingTokenIsReportedAsSuchNotAsAHostRunningTheWrongCommit() {
        HealthProbe.Report report = new HealthProbe(Duration.ofSeconds(2))
                .check("127.0.0.1", port(), "/actuator/health", "/actuator/info");
        assertThat(report.problem("abc1234def5678", "0.1.0")).contains("refused BMO (401)")
                .contains("BMO_ACTUATOR_TOKEN");
    }

    @Test
    void aClosedPortIsUnreachable() {
        int port = port();
        host.stop(0);
        HealthProbe.Report report = new HealthProbe(Duration.ofSeconds(1))
                .check("127.0.0.1", port, "/actuator/health", "/actuator/info");
        assertThat(report.up()).isFalse();
        assertThat(report.problem(null, null)).startsWith("unreachable at http://127.0.0.1:" + port);
    }

    private int port() {
        return host.getAddress().getPort();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
