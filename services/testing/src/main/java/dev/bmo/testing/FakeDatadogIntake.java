package dev.bmo.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A local stand-in for Datadog's metrics intake: it accepts {@code POST /api/v1/series} exactly as
 * Datadog does (API key as a header or parameter, JSON body) and keeps what it received.
 */
public final class FakeDatadogIntake implements AutoCloseable {

    public record Post(String apiKey, JsonNode body) {
    }

    private final HttpServer server;
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    public FakeDatadogIntake() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/series", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            // Datadog takes the key as a header or, as Micrometer sends it, as the api_key parameter
            String apiKey = exchange.getRequestHeaders().getFirst("DD-API-KEY");
            String query = exchange.getRequestURI().getQuery();
            if (apiKey == null && query != null && query.startsWith("api_key=")) {
                apiKey = query.substring("api_key=".length()).split("&")[0];
            }
            posts.add(new Post(apiKey,
                    json.readTree(new String(body, StandardCharsets.UTF_8))));
            byte[] ok = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        // metric metadata (unit, description): Datadog answers 200; nothing here needs it
        server.createContext("/api/v1/metrics/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Post> posts() {
        return posts;
    }

    /** Every series entry with this metric name, across all posts so far. */
    public List<JsonNode> series(String metric) {
        return posts.stream()
                .flatMap(p -> p.body().get("series").valueStream())
                .filter(s -> metric.equals(s.get("metric").asString()))
                .toList();
    }

    /** Every metric name received so far, with the tag keys seen on it. */
    public java.util.Map<String, java.util.Set<String>> metricsAndTagKeys() {
        java.util.Map<String, java.util.Set<String>> seen = new java.util.TreeMap<>();
        posts.forEach(p -> p.body().get("series").valueStream().forEach(s -> {
            java.util.Set<String> keys = seen.computeIfAbsent(s.get("metric").asString(), k -> new java.util.TreeSet<>());
            s.path("tags").valueStream().forEach(t -> keys.add(t.asString().split(":", 2)[0]));
        }));
        return seen;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
