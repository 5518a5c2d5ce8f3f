package dev.bmo.bot.slack;

import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP mode: Slack's Events API, slash command and interactivity requests arrive at
 * {@code POST /slack/events} (one URL for all three, as in the app manifest). Bolt checks each
 * request's signature (HMAC-SHA256 of {@code v0:timestamp:body} with the signing secret) and
 * refuses timestamps more than five minutes away with 401 before any handler runs.
 */
public final class SlackHttpEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SlackHttpEndpoint.class);
    public static final String PATH = "/slack/events";
    /** Slack's payloads are small; anything this big is not from Slack. */
    static final int MAX_BODY = 1 << 20;

    private final SlackAdapter adapter;
    private final SlackRequestParser parser;
    private final HttpServer server;
    private final ExecutorService executor;

    public SlackHttpEndpoint(SlackAdapter adapter, String address, int port) throws IOException {
        this.adapter = adapter;
        this.parser = new SlackRequestParser(adapter.app().config());
        this.server = HttpServer.create(new InetSocketAddress(address, port), 64);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bmo-slack-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(PATH, this::serve);
        server.createContext("/health", this::health);
        server.start();
        log.info("BMO listens for Slack on http://{}:{}{}", address, port(), PATH);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            send(exchange, 200, "text/plain", "ok");
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().add("Allow", "POST");
                send(exchange, 405, "application/json", "{\"error\":\"use POST\"}");
                return;
            }
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readNBytes(MAX_BODY + 1);
            }
            if (raw.length > MAX_BODY) {
                send(exchange, 413, "application/json", "{\"error\":\"request body too large\"}");
                return;
            }
            String body = new String(raw, StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getRawQuery();
            Map<String, List<String>> headers = exchange.getRequestHeaders();
            Request<?> request = parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(exchange.getRequestURI().getPath())
                    .queryString(query == null ? Map.of() : QueryStringParser.toMap(query))
                    .headers(new RequestHeaders(headers))
                    .requestBody(body)
                    .remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
                    .build());
            if (request == null) {
                send(exchange, 400, "application/json", "{\"error\":\"not a Slack request\"}");
                return;
            }
            Response response;
            try {
                response = adapter.handle(request);
            } catch (Exception e) {
                log.error("Bolt failed on a Slack request", e);
                send(exchange, 500, "application/json", "{\"error\":\"internal error\"}");
                return;
            }
            response.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("content-type")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            String type = response.getContentType() == null ? "text/plain" : response.getContentType();
            send(exchange, response.getStatusCode(), type, response.getBody() == null ? "" : response.getBody());
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
