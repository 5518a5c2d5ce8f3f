package dev.bmo.bot.canary;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bmo.bot.fleet.DatadogQueries;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The canary analysis' Datadog source against a local server answering as Datadog's v1 query API does
 * (its keys, its {@code series} with {@code tag_set} and {@code pointlist} of [ms, value], nulls for
 * empty buckets): by host, counts and means per bucket, the newest (still filling) bucket dropped.
 */
class DatadogTrafficTest {

    private static final long T0 = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli();
    private HttpServer datadog;
    private final List<String> queries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        datadog = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        datadog.createContext("/api/v1/query", exchange -> {
            String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery().replaceAll(".*query=", ""),
                    StandardCharsets.UTF_8);
            queries.add(query);
            boolean keys = "api".equals(exchange.getRequestHeaders().getFirst("DD-API-KEY"))
                    && "app".equals(exchange.getRequestHeaders().getFirst("DD-APPLICATION-KEY"));
            String body;
            if (!keys) {
                body = "{\"errors\":[\"Forbidden\"]}";
            } else if (query.startsWith("sum:bmo.requests.count")) {
                body = series(new double[] {100, 120, 90}, new double[] {300, 310, 50});
            } else if (query.startsWith("sum:bmo.requests.failed")) {
                body = series(new double[] {5, 0, 1}, new double[] {1, 2, 0});
            } else {
                body = series(new double[] {12.5, 14.0, 99}, new double[] {11.0, 10.5, 99});
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(keys ? 200 : 403, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        datadog.start();
    }

    /** Two hosts, three 10 s buckets each (the third still filling), and one series without a host tag. */
    private static String series(double[] one, double[] two) {
        return "{\"status\":\"ok\",\"series\":[" + one("resizer-1", one) + "," + one("resizer-2", two)
                + ",{\"tag_set\":[],\"pointlist\":[[" + T0 + ",1.0]]}]}";
    }

    private static String one(String host, double[] values) {
        StringBuilder b = new StringBuilder("{\"metric\":\"m\",\"tag_set\":[\"host:" + host + "\"],\"pointlist\":[");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ",").append('[').append(T0 + i * 10_000L).append(',').append(values[i]).append(']');
        }
        return b.append(",[").append(T0 + 30_000L).append(",null]]}").toString();
    }

    @AfterEach
    void stop() {
        datadog.stop(0);
    }

    @Test
    void readsCountsAndMeansPerHostAndBucketWithoutTheNewestBucket() {
        DatadogTraffic traffic = new DatadogTraffic(new DatadogQueries(URI.create("http://127.0.0.1:"
                + datadog.getAddress().getPort()), "api", "app"), "resizer", "production", Duration.ofSeconds(10));
        List<Interval> got = traffic.between(List.of("resizer-1", "resizer-2"), Instant.ofEpochMilli(T0),
                Instant.ofEpochMilli(T0 + 60_000));
        assertThat(got).containsExactlyInAnyOrder(
                new Interval("resizer-1", Instant.ofEpochMilli(T0 + 10_000), 100, 5, 12.5),
                new Interval("resizer-1", Instant.ofEpochMilli(T0 + 20_000), 120, 0, 14.0),
                new Interval("resizer-2", Instant.ofEpochMilli(T0 + 10_000), 300, 1, 11.0),
                new Interval("resizer-2", Instant.ofEpochMilli(T0 + 20_000), 310, 2, 10.5));
        assertThat(queries).contains(
                "sum:bmo.requests.count{service:resizer,env:production} by {host}.as_count().rollup(sum, 10)",
                "sum:bmo.requests.failed{service:resizer,env:production} by {host}.as_count().rollup(sum, 10)",
                "avg:bmo.requests.avg{service:resizer,env:production} by {host}.rollup(avg, 10)");
        assertThat(traffic.between(List.of("resizer-2"), Instant.ofEpochMilli(T0 + 10_000),
                Instant.ofEpochMilli(T0 + 60_000))).extracting(Interval::requests).containsExactly(310L);
        assertThat(traffic.firstReading("resizer-3")).isPresent();
    }

    @Test
    void refusedKeysAreSaidPlainly() {
        DatadogTraffic traffic = new DatadogTraffic(new DatadogQueries(URI.create("http://127.0.0.1:"
                + datadog.getAddress().getPort()), "api", "wrong"), "resizer", "production", Duration.ofSeconds(10));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> traffic.between(List.of("resizer-1"),
                Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 60_000)))
                .hasMessageContaining("BMO_DATADOG_APPLICATION_KEY");
    }
}
