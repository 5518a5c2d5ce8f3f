package dev.bmo.bot.slack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.slack.api.app_backend.SlackSignature;
import dev.bmo.bot.slack.fake.FakeSlack;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** Builds Slack's requests into BMO (events, slash commands, button clicks) and signs them as Slack does. */
final class SlackRequests {

    static final AtomicLong SEQ = new AtomicLong(1);

    private final String signingSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SlackRequests(String signingSecret) {
        this.signingSecret = signingSecret;
    }

    /** A message event as the Events API delivers it (event_callback around the event). */
    static JsonObject messageEvent(String eventId, String channel, String user, String text, String ts) {
        JsonObject event = new JsonObject();
        event.addProperty("type", "message");
        event.addProperty("channel", channel);
        event.addProperty("user", user);
        event.addProperty("text", text);
        event.addProperty("ts", ts);
        event.addProperty("event_ts", ts);
        event.addProperty("channel_type", "channel");
        return callback(eventId, event);
    }

    static JsonObject mentionEvent(String eventId, String channel, String user, String text, String ts) {
        JsonObject event = new JsonObject();
        event.addProperty("type", "app_mention");
        event.addProperty("channel", channel);
        event.addProperty("user", user);
        event.addProperty("text", text);
        event.addProperty("ts", ts);
        event.addProperty("event_ts", ts);
        return callback(eventId, event);
    }

    private static JsonObject callback(String eventId, JsonObject event) {
        JsonObject body = new JsonObject();
        body.addProperty("token", "legacy-verification-token");
        body.addProperty("team_id", FakeSlack.TEAM_ID);
        body.addProperty("api_app_id", "A0BMO");
        body.addProperty("type", "event_callback");
        body.addProperty("event_id", eventId);
        body.addProperty("event_time", System.currentTimeMillis() / 1000);
        body.add("event", event);
        return body;
    }

    /** A slash command's fields (form-encoded over HTTP, a JSON object in Socket Mode). */
    static Map<String, String> slashCommand(String channel, String user, String text, String triggerId,
            String responseUrl) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "legacy-verification-token");
        form.put("team_id", FakeSlack.TEAM_ID);
        form.put("team_domain", "bmo-test");
        form.put("channel_id", channel);
        form.put("channel_name", "deploys");
        form.put("user_id", user);
        form.put("user_name", user.toLowerCase());
        form.put("command", "/bmo");
        form.put("text", text);
        form.put("api_app_id", "A0BMO");
        form.put("response_url", responseUrl);
        form.put("trigger_id", triggerId);
        return form;
    }

    /** A click on one of BMO's buttons (block_actions). */
    static JsonObject buttonClick(String actionId, String value, String user, String channel, String messageTs) {
        JsonObject p = new JsonObject();
        p.addProperty("type", "block_actions");
        JsonObject u = new JsonObject();
        u.addProperty("id", user);
        u.addProperty("username", user.toLowerCase());
        u.addProperty("team_id", FakeSlack.TEAM_ID);
        p.add("user", u);
        JsonObject team = new JsonObject();
        team.addProperty("id", FakeSlack.TEAM_ID);
        p.add("team", team);
        p.addProperty("api_app_id", "A0BMO");
        p.addProperty("token", "legacy-verification-token");
        p.addProperty("trigger_id", "trig-" + SEQ.incrementAndGet());
        p.addProperty("response_url", "http://127.0.0.1:1/unused");
        JsonObject ch = new JsonObject();
        ch.addProperty("id", channel);
        ch.addProperty("name", "deploys");
        p.add("channel", ch);
        JsonObject container = new JsonObject();
        container.addProperty("type", "message");
        container.addProperty("message_ts", messageTs);
        container.addProperty("channel_id", channel);
        p.add("container", container);
        JsonObject message = new JsonObject();
        message.addProperty("type", "message");
        message.addProperty("ts", messageTs);
        message.addProperty("text", "deploy");
        p.add("message", message);
        JsonArray actions = new JsonArray();
        JsonObject a = new JsonObject();
        a.addProperty("type", "button");
        a.addProperty("action_id", actionId);
        a.addProperty("block_id", "bmo_approval_" + value);
        a.addProperty("value", value);
        a.addProperty("action_ts", System.currentTimeMillis() / 1000 + "." + SEQ.incrementAndGet());
        JsonObject text = new JsonObject();
        text.addProperty("type", "plain_text");
        text.addProperty("text", actionId);
        a.add("text", text);
        actions.add(a);
        p.add("actions", actions);
        return p;
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** POSTs a body to BMO signed with the signing secret at the given time (seconds). */
    HttpResponse<String> post(String url, String contentType, String body, long timestamp, String retryNum)
            throws IOException, InterruptedException {
        return post(url, contentType, body, String.valueOf(timestamp), sign(timestamp, body), retryNum);
    }

    HttpResponse<String> post(String url, String contentType, String body, String timestamp, String signature,
            String retryNum) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .header(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, timestamp)
                .header(SlackSignature.HeaderNames.X_SLACK_SIGNATURE, signature)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (retryNum != null) {
            b.header("X-Slack-Retry-Num", retryNum).header("X-Slack-Retry-Reason", "http_timeout");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String sign(long timestamp, String body) {
        return new SlackSignature.Generator(signingSecret).generate(String.valueOf(timestamp), body);
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
