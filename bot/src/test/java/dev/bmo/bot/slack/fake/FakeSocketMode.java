package dev.bmo.bot.slack.fake;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The WebSocket side of Slack's Socket Mode: greets each client with {@code hello}, pushes
 * envelopes ({@code events_api}, {@code slash_commands}, {@code interactive}) with an
 * {@code envelope_id} and {@code retry_attempt}, and records the acknowledgements that come back.
 */
public final class FakeSocketMode implements AutoCloseable {

    private final List<JsonObject> acks = new CopyOnWriteArrayList<>();
    private final List<WebSocket> clients = new CopyOnWriteArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final Server server;

    public FakeSocketMode() throws InterruptedException {
        server = new Server();
        server.setReuseAddr(true);
        server.start();
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the fake Socket Mode server did not start");
        }
    }

    public String url() {
        return "ws://127.0.0.1:" + server.getPort() + "/link/?ticket=" + UUID.randomUUID();
    }

    public int connectedClients() {
        return (int) clients.stream().filter(WebSocket::isOpen).count();
    }

    public List<JsonObject> acks() {
        return List.copyOf(acks);
    }

    public boolean acked(String envelopeId) {
        return acks.stream().anyMatch(a -> a.has("envelope_id") && envelopeId.equals(a.get("envelope_id").getAsString()));
    }

    /** Sends an envelope to every connected client and returns its envelope id. */
    public String send(String type, JsonElement payload, int retryAttempt) {
        String envelopeId = UUID.randomUUID().toString();
        JsonObject envelope = new JsonObject();
        envelope.addProperty("type", type);
        envelope.addProperty("envelope_id", envelopeId);
        envelope.addProperty("accepts_response_payload", !type.equals("events_api"));
        envelope.add("payload", payload);
        if (type.equals("events_api")) {
            envelope.addProperty("retry_attempt", retryAttempt);
            envelope.addProperty("retry_reason", retryAttempt == 0 ? "" : "timeout");
        }
        String text = envelope.toString();
        clients.stream().filter(WebSocket::isOpen).forEach(c -> c.send(text));
        return envelopeId;
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(1000);
    }

    private final class Server extends WebSocketServer {

        Server() {
            super(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            clients.add(conn);
            JsonObject hello = new JsonObject();
            hello.addProperty("type", "hello");
            hello.addProperty("num_connections", clients.size());
            JsonObject debug = new JsonObject();
            debug.addProperty("host", "fake-slack");
            debug.addProperty("approximate_connection_time", 3600);
            hello.add("debug_info", debug);
            JsonObject info = new JsonObject();
            info.addProperty("app_id", "A0BMO");
            hello.add("connection_info", info);
            conn.send(hello.toString());
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            clients.remove(conn);
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            acks.add(JsonParser.parseString(message).getAsJsonObject());
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            // a client that goes away mid-test shows up here; the test's assertions say what matters
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
