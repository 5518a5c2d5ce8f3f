package dev.bmo.bot.fleet;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny HTTP server answering Actuator paths with set bodies, for the probe's edge cases (a host that
 * is down, slow or half-broken). The real services are probed in the fleet's end-to-end tests.
 */
final class ActuatorStandIn implements AutoCloseable {

    record Answer(int status, String body, long delayMillis) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    ActuatorStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String key = exchange.getRequestURI().getPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            Answer a = answers.getOrDefault(key, new Answer(404, "{}", 0));
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    ActuatorStandIn answer(String pathAndQuery, int status, String body) {
        answers.put(pathAndQuery, new Answer(status, body, 0));
        return this;
    }

    ActuatorStandIn slow(String path, long delayMillis) {
        answers.put(path, new Answer(200, "{\"status\":\"UP\"}", delayMillis));
        return this;
    }

    ServiceHost host(String name) {
        return new ServiceHost(name, URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
