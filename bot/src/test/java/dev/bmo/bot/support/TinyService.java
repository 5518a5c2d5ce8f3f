package dev.bmo.bot.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The smallest service the deploy playbook can roll out: Actuator-shaped /actuator/health and
 * /actuator/info (build.version, git.commit.id) from tiny.properties baked into its jar. Packaged
 * into a .deb by {@link TinyArtifacts}; JDK only, so the jar needs nothing else. Like the fleet's
 * services, /actuator/info wants {@code Authorization: Bearer <BMO_ACTUATOR_TOKEN>} when that is set;
 * {@code BMO_TINY_ADDRESS} is where it listens (default the loopback). It logs one ECS JSON line when it has
 * started ({@code tiny <version> started on <address>:<port>}).
 */
public final class TinyService {

    private TinyService() {
    }

    public static void main(String[] args) throws IOException {
        Properties p = new Properties();
        try (InputStream in = TinyService.class.getResourceAsStream("/tiny.properties")) {
            p.load(in);
        }
        if ("true".equals(p.getProperty("exit"))) {
            // a release that dies at start: what the journal must show when a unit never comes up
            System.err.println("tiny " + p.getProperty("version") + ": cannot start, this release exits at once");
            System.exit(3);
        }
        int port = Integer.parseInt(System.getenv("BMO_TINY_PORT"));
        String address = System.getenv().getOrDefault("BMO_TINY_ADDRESS", "127.0.0.1");
        String token = System.getenv().getOrDefault("BMO_ACTUATOR_TOKEN", "");
        // a release built "unhealthy" never reports UP: a bad release the rollout must stop at
        String health = "DOWN".equals(p.getProperty("health")) ? "DOWN" : "UP";
        String info = "{\"build\":{\"version\":\"" + p.getProperty("version") + "\"},\"git\":{\"commit\":{\"id\":\""
                + p.getProperty("commit") + "\"}}}";
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
        server.createContext("/actuator/health", x -> send(x, health.equals("UP") ? 200 : 503,
                "{\"status\":\"" + health + "\"}"));
        server.createContext("/actuator/info", x -> {
            if (!token.isEmpty() && !("Bearer " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                send(x, 401, "{\"error\":\"unauthorized\"}");
            } else {
                send(x, 200, info);
            }
        });
        server.start();
        // its start-up line, as the fleet's services log: one ECS JSON object per line on stdout (a simulated
        // host's log file, a real host's journal), where `journal` finds it
        System.out.println("{\"@timestamp\":\"" + java.time.Instant.now() + "\",\"log\":{\"level\":\"INFO\","
                + "\"logger\":\"dev.bmo.bot.support.TinyService\"},\"process\":{\"pid\":" + ProcessHandle.current().pid()
                + "},\"service\":{\"name\":\"bmo-tiny\",\"version\":\"" + p.getProperty("version") + "\"},"
                + "\"message\":\"tiny " + p.getProperty("version") + " started on " + address + ":" + port
                + "\",\"ecs\":{\"version\":\"8.11\"}}");
        System.out.flush();
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}
