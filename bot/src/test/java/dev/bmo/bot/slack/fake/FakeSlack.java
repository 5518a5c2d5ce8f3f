package dev.bmo.bot.slack.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A local stand-in for Slack's Web API, good enough for BMO's Slack adapter: it records every call
 * (method, parameters, token, time) and answers the way Slack does, including the files upload v2
 * flow (its own upload URL), {@code apps.connections.open} (the URL of its own Socket Mode
 * WebSocket, see {@link FakeSocketMode}), {@code response_url} posts and HTTP 429 with
 * {@code Retry-After} when a test asks for it.
 *
 * <p>Point a client at it with {@code SlackConfig#setMethodsEndpointUrlPrefix(apiUrl())}.
 */
public final class FakeSlack implements AutoCloseable {

    public static final String TEAM_ID = "T0BMO";
    public static final String BOT_USER_ID = "UBMOBOT";
    public static final String BOT_ID = "BBMOBOT";

    /** One Web API call as Slack would have seen it. */
    public record Call(String method, Map<String, String> params, String token, Instant at, String ts) {

        public String param(String name) {
            return params.get(name);
        }
    }

    /** One upload to the upload URL handed out by files.getUploadURLExternal. */
    public record Upload(String fileId, String filename, byte[] content) {

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final Gson GSON = new Gson();

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final List<String> responseUrlPosts = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> notMember = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, String> pendingFiles = new ConcurrentHashMap<>();
    private final Map<String, RateLimit> rateLimits = new ConcurrentHashMap<>();
    private final Map<String, List<String>> userGroups = new ConcurrentHashMap<>();
    private final List<Map<String, String>> searchMatches = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000_100L);
    private final AtomicInteger fileIds = new AtomicInteger();
    private volatile String socketModeUrl;

    private static final class RateLimit {
        final AtomicInteger remaining;
        final int retryAfterSeconds;

        RateLimit(int times, int retryAfterSeconds) {
            this.remaining = new AtomicInteger(times);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    public FakeSlack() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/", this::api);
        server.createContext("/upload/", this::upload);
        server.createContext("/response/", this::responseUrl);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The prefix for {@code SlackConfig#setMethodsEndpointUrlPrefix}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + port() + "/api/";
    }

    /** A {@code response_url} of this fake, as Slack puts into slash commands and interactions. */
    public String responseUrl(String id) {
        return "http://127.0.0.1:" + port() + "/response/" + id;
    }

    /** Where {@code apps.connections.open} sends Socket Mode clients. */
    public void socketModeUrl(String url) {
        this.socketModeUrl = url;
    }

    /** The next {@code times} calls of {@code method} get HTTP 429 with this Retry-After. */
    public void rateLimit(String method, int times, int retryAfterSeconds) {
        rateLimits.put(method, new RateLimit(times, retryAfterSeconds));
    }

    /** A Slack user group (by handle) and its members, as usergroups.list reports it. */
    public void userGroup(String handle, String... users) {
        userGroups.put(handle, List.of(users));
    }

    /** A message of a public channel that search.messages finds, whatever the query. */
    public void searchMatch(String channelName, String user, String text, String permalink) {
        searchMatch(channelName, "public", user, text, permalink);
    }

    /**
     * A message search.messages finds, in a channel of the kind given: {@code public}, {@code private}
     * (a private channel), {@code im} (a DM) or {@code mpim} (a group DM), flagged as Slack flags them.
     */
    public void searchMatch(String channelName, String kind, String user, String text, String permalink) {
        searchMatches.add(Map.of("channel", channelName, "kind", kind, "user", user, "text", text,
                "permalink", permalink));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    /** A conversation the bot is not in (a DM, a private channel): chat.* writes there get channel_not_found. */
    public void notMember(String channel) {
        notMember.add(channel);
    }

    public List<String> responseUrlPosts() {
        return List.copyOf(responseUrlPosts);
    }

    /** Messages posted (chat.postMessage) into one thread, its root excluded. */
    public List<Call> threadReplies(String threadTs) {
        return calls("chat.postMessage").stream().filter(c -> threadTs.equals(c.param("thread_ts"))).toList();
    }

    private String nextTs() {
        long micros = clock.addAndGet(100);
        return micros / 1_000_000 + "." + String.format("%06d", micros % 1_000_000);
    }

    private void api(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Map<String, String> params = params(exchange.getRequestHeaders().getFirst("Content-Type"), raw);
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null) {
                params.putAll(form(query));
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : params.get("token");
            Instant at = Instant.now();
            RateLimit limit = rateLimits.get(method);
            if (limit != null && limit.remaining.getAndDecrement() > 0) {
                calls.add(new Call(method, Map.copyOf(params), token, at, null));
                exchange.getResponseHeaders().add("Retry-After", String.valueOf(limit.retryAfterSeconds));
                send(exchange, 429, "{\"ok\":false,\"error\":\"ratelimited\"}");
                return;
            }
            if (token == null || token.isBlank()) {
                calls.add(new Call(method, Map.copyOf(params), token, at, null));
                send(exchange, 200, "{\"ok\":false,\"error\":\"not_authed\"}");
                return;
            }
            JsonObject answer;
            synchronized (this) {
                // recorded in the order Slack answered, with the ts it gave
                answer = answer(method, params);
                JsonElement ts = answer.get("ts");
                calls.add(new Call(method, Map.copyOf(params), token, at,
                        method.equals("chat.postMessage") && ts != null ? ts.getAsString() : null));
            }
            send(exchange, 200, GSON.toJson(answer));
        }
    }

    private JsonObject answer(String method, Map<String, String> p) {
        JsonObject out = new JsonObject();
        out.addProperty("ok", true);
        if (method.startsWith("chat.") && notMember.contains(p.get("channel"))) {
            // what Slack answers a bot writing to a DM or private channel it is not in
            out.addProperty("ok", false);
            out.addProperty("error", "channel_not_found");
            return out;
        }
        switch (method) {
            case "auth.test" -> {
                out.addProperty("url", "https://bmo-test.slack.com/");
                out.addProperty("team", "BMO test");
                out.addProperty("user", "bmo");
                out.addProperty("team_id", TEAM_ID);
                out.addProperty("user_id", BOT_USER_ID);
                out.addProperty("bot_id", BOT_ID);
            }
            case "chat.postMessage" -> {
                String ts = nextTs();
                out.addProperty("channel", p.get("channel"));
                out.addProperty("ts", ts);
                JsonObject message = new JsonObject();
                message.addProperty("type", "message");
                message.addProperty("text", p.get("text"));
                message.addProperty("ts", ts);
                message.addProperty("bot_id", BOT_ID);
                if (p.get("thread_ts") != null) {
                    message.addProperty("thread_ts", p.get("thread_ts"));
                }
                out.add("message", message);
            }
            case "chat.update" -> {
                out.addProperty("channel", p.get("channel"));
                out.addProperty("ts", p.get("ts"));
                out.addProperty("text", p.get("text"));
            }
            case "chat.postEphemeral" -> out.addProperty("message_ts", nextTs());
            case "files.getUploadURLExternal" -> {
                String id = "F" + String.format("%08d", fileIds.incrementAndGet());
                pendingFiles.put(id, p.getOrDefault("filename", "file"));
                out.addProperty("upload_url", "http://127.0.0.1:" + port() + "/upload/" + id);
                out.addProperty("file_id", id);
            }
            case "files.completeUploadExternal" -> {
                JsonArray files = new JsonArray();
                for (JsonElement f : JsonParser.parseString(p.getOrDefault("files", "[]")).getAsJsonArray()) {
                    String id = f.getAsJsonObject().get("id").getAsString();
                    if (uploads.stream().noneMatch(u -> u.fileId().equals(id))) {
                        return error("file_not_found");
                    }
                    JsonObject file = new JsonObject();
                    file.addProperty("id", id);
                    file.add("title", f.getAsJsonObject().get("title"));
                    files.add(file);
                }
                out.add("files", files);
            }
            case "usergroups.list" -> {
                JsonArray groups = new JsonArray();
                userGroups.forEach((handle, users) -> {
                    JsonObject g = new JsonObject();
                    g.addProperty("id", "S" + handle.toUpperCase());
                    g.addProperty("handle", handle);
                    g.addProperty("name", handle);
                    JsonArray members = new JsonArray();
                    users.forEach(members::add);
                    g.add("users", members);
                    groups.add(g);
                });
                out.add("usergroups", groups);
            }
            case "search.messages" -> {
                out.addProperty("query", p.get("query"));
                JsonObject messages = new JsonObject();
                messages.addProperty("total", searchMatches.size());
                JsonArray matches = new JsonArray();
                for (Map<String, String> m : searchMatches) {
                    JsonObject match = new JsonObject();
                    match.addProperty("type", "message");
                    match.addProperty("user", m.get("user"));
                    match.addProperty("text", m.get("text"));
                    match.addProperty("permalink", m.get("permalink"));
                    match.addProperty("ts", nextTs());
                    JsonObject channel = new JsonObject();
                    channel.addProperty("id", "C" + m.get("channel").toUpperCase());
                    channel.addProperty("name", m.get("channel"));
                    String kind = m.get("kind");
                    channel.addProperty("is_channel", kind.equals("public") || kind.equals("private"));
                    channel.addProperty("is_private", !kind.equals("public"));
                    channel.addProperty("is_im", kind.equals("im"));
                    channel.addProperty("is_mpim", kind.equals("mpim"));
                    match.add("channel", channel);
                    matches.add(match);
                }
                messages.add("matches", matches);
                out.add("messages", messages);
            }
            case "apps.connections.open" -> {
                if (socketModeUrl == null) {
                    return error("socket_mode_not_enabled");
                }
                out.addProperty("url", socketModeUrl);
            }
            // Slack answers unknown methods this way; the adapter should never call one
            default -> {
                return error("unknown_method");
            }
        }
        return out;
    }

    private static JsonObject error(String code) {
        JsonObject out = new JsonObject();
        out.addProperty("ok", false);
        out.addProperty("error", code);
        return out;
    }

    private void upload(HttpExchange exchange) throws IOException {
        try (exchange) {
            String id = exchange.getRequestURI().getPath().substring("/upload/".length());
            String filename = pendingFiles.remove(id);
            if (filename == null || !exchange.getRequestMethod().equals("POST")) {
                send(exchange, 404, "not found");
                return;
            }
            byte[] content = exchange.getRequestBody().readAllBytes();
            uploads.add(new Upload(id, filename, content));
            send(exchange, 200, "OK - " + content.length);
        }
    }

    private void responseUrl(HttpExchange exchange) throws IOException {
        try (exchange) {
            responseUrlPosts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            send(exchange, 200, "ok");
        }
    }

    private static Map<String, String> params(String contentType, byte[] raw) {
        String body = new String(raw, StandardCharsets.UTF_8);
        if (contentType != null && contentType.startsWith("application/json")) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : JsonParser.parseString(body).getAsJsonObject().entrySet()) {
                JsonElement v = e.getValue();
                out.put(e.getKey(), v.isJsonPrimitive() ? v.getAsString() : v.toString());
            }
            return out;
        }
        return form(body);
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                body.startsWith("{") ? "application/json; charset=utf-8" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Methods called so far, in order (handy in assertion messages). */
    public List<String> methods() {
        List<String> out = new ArrayList<>();
        calls.forEach(c -> out.add(c.method()));
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
