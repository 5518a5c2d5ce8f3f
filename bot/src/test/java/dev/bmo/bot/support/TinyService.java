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
 * into a .deb by {@link TinyArtifacts}; JDK only, so the jar needs nothing else.
 */
public final class TinyService {

    private TinyService() {
    }

    public static void main(String[] args) throws IOException {
        Properties p = new Properties();
        try (InputStream in = TinyService.class.getResourceAsStream("/tiny.properties")) {
            p.load(in);
        }
        int port = Integer.parseInt(System.getenv("BMO_TINY_PORT"));
        // a release built "unhealthy" never reports UP: a bad release the rollout must stop at
        String health = "DOWN".equals(p.getProperty("health")) ? "DOWN" : "UP";
        String info = "{\"build\":{\"version\":\"" + p.getProperty("version") + "\"},\"git\":{\"commit\":{\"id\":\""
                + p.getProperty("commit") + "\"}}}";
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/actuator/health", x -> send(x, health.equals("UP") ? 200 : 503,
                "{\"status\":\"" + health + "\"}"));
        server.createContext("/actuator/info", x -> send(x, 200, info));
        server.start();
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
