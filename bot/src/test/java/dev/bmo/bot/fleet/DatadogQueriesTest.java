package dev.bmo.bot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a local server that answers like Datadog's v1 query API (its response format, its key headers). */
class DatadogQueriesTest {

    private HttpServer datadog;
    private final List<String> queries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        datadog = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        datadog.createContext("/api/v1/query", exchange -> {
            String raw = exchange.getRequestURI().getRawQuery();
            String query = URLDecoder.decode(raw.replaceAll(".*query=", ""), StandardCharsets.UTF_8);
            queries.add(query);
            boolean keys = "api".equals(exchange.getRequestHeaders().getFirst("DD-API-KEY"))
                    && "app".equals(exchange.getRequestHeaders().getFirst("DD-APPLICATION-KEY"));
            String body;
            if (!keys) {
                body = "{\"errors\":[\"Forbidden\"]}";
            } else if (query.contains("phi:0.95")) {
                body = "{\"status\":\"ok\",\"series\":[{\"metric\":\"bmo.requests.percentile\",\"tag_set\":[\"host:resizer-1\"],"
                        + "\"pointlist\":[[1.7e12,100.0],[1.7e12,140.0],[1.7e12,null]]}]}";
            } else {
                body = "{\"status\":\"ok\",\"series\":[]}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(keys ? 200 : 403, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        datadog.start();
    }

    @AfterEach
    void stop() {
        datadog.stop(0);
    }

    private URI site() {
        return URI.create("http://127.0.0.1:" + datadog.getAddress().getPort());
    }

    @Test
    void asksForTheServiceAndEnvironmentAndAveragesTheHour() throws Exception {
        String reply = new DatadogQueries(site(), "api", "app").lastHour("bmo-resizer", "production", Instant.now());
        assertThat(queries).contains("max:bmo.requests.percentile{service:bmo-resizer,env:production,phi:0.95} by {host}");
        assertThat(reply).contains("resizer-1").contains(" 120 ").contains("last hour");
    }

    @Test
    void wrongKeysSayWhichSettingsToCheck() {
        assertThatThrownBy(() -> new DatadogQueries(site(), "api", "wrong").lastHour("bmo-resizer", "production", Instant.now()))
                .hasMessageContaining("BMO_DATADOG_APPLICATION_KEY");
    }
}
