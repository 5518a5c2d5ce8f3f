package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import dev.bmo.bot.slack.fake.FakeSlack;
import dev.bmo.bot.slack.fake.FakeSocketMode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Socket Mode end to end: apps.connections.open, then envelopes over a local WebSocket, acked by id. */
class SlackSocketModeTest {

    FakeSlack slack;
    FakeSocketMode socket;
    ScriptedCore core;
    SlackAdapter adapter;
    SlackSocketMode socketMode;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        socket = new FakeSocketMode();
        slack.socketModeUrl(socket.url());
        core = new ScriptedCore(10);
        SlackSettings settings = new SlackSettings("socket", "xoxb-test-bot", "xapp-test-app", null, null,
                "127.0.0.1", 0, slack.apiUrl(), Duration.ofMillis(200));
        adapter = new SlackAdapter(settings, core);
        socketMode = new SlackSocketMode(adapter, settings.appToken());
        socketMode.start();
        await().atMost(15, TimeUnit.SECONDS).until(() -> socket.connectedClients() == 1);
    }

    @AfterEach
    void stop() throws Exception {
        socketMode.close();
        adapter.close();
        socket.close();
        slack.close();
    }

    @Test
    void connectsWithTheAppToken() {
        assertThat(slack.calls("apps.connections.open")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.token()).isEqualTo("xapp-test-app"));
    }

    @Test
    void anEventIsAckedAndARetriedEnvelopeStartsNoSecondDeploy() throws Exception {
        JsonObject event = SlackRequests.messageEvent("EvS1", "CDEPLOYS", "UBOB", "bmo deploy resizer",
                "1720000000.000100");
        long t0 = System.nanoTime();
        String first = socket.send("events_api", event, 0);
        await().atMost(3, TimeUnit.SECONDS).until(() -> socket.acked(first));
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ack time").isLessThan(3000);

        // Slack did not see the ack in time and redelivers the same event in a new envelope
        String retry = socket.send("events_api", event, 1);
        await().atMost(3, TimeUnit.SECONDS).until(() -> socket.acked(retry));

        await().atMost(30, TimeUnit.SECONDS).until(() -> !slack.uploads().isEmpty() && adapter.idle());
        assertThat(core.deploysStarted.get()).isEqualTo(1);
        assertThat(core.commands).containsExactly("deploy resizer");
        assertThat(slack.calls("chat.postMessage").stream().filter(c -> c.param("thread_ts") == null).count())
                .isEqualTo(1);
    }

    @Test
    void aSlashCommandIsAckedWithAnAnswerPayload() throws Exception {
        Map<String, String> fields = SlackRequests.slashCommand("CDEPLOYS", "UBOB", "help", "trigger-s1",
                slack.responseUrl("s1"));
        JsonObject payload = new JsonObject();
        fields.forEach(payload::addProperty);
        String id = socket.send("slash_commands", payload, 0);
        await().atMost(3, TimeUnit.SECONDS).until(() -> socket.acked(id));
        JsonObject ack = socket.acks().stream().filter(a -> id.equals(a.get("envelope_id").getAsString()))
                .findFirst().orElseThrow();
        assertThat(ack.toString()).contains("On it");
        // the answer goes through the command's response_url (it works where BMO is not a member too)
        await().atMost(5, TimeUnit.SECONDS).until(() -> !slack.responseUrlPosts().isEmpty());
        assertThat(slack.responseUrlPosts().get(0)).contains("BMO commands");
    }

    @Test
    void anApprovalClickArrivesAsAnInteractiveEnvelope() throws Exception {
        slack.userGroup("release-managers", "UCAROL");
        String ev = socket.send("events_api", SlackRequests.messageEvent("EvS2", "CDEPLOYS", "UALICE",
                "bmo deploy media to production", "1720000000.000200"), 0);
        await().atMost(3, TimeUnit.SECONDS).until(() -> socket.acked(ev));
        await().atMost(10, TimeUnit.SECONDS).until(() -> core.deploysStarted.get() == 1 && adapter.idle());
        String statusTs = slack.calls("chat.postMessage").get(0).ts();

        String click = socket.send("interactive", SlackRequests.buttonClick(SlackDeployThread.APPROVE, "42",
                "UCAROL", "CDEPLOYS", statusTs), 0);
        await().atMost(3, TimeUnit.SECONDS).until(() -> socket.acked(click));
        await().atMost(30, TimeUnit.SECONDS).until(() -> !slack.uploads().isEmpty() && adapter.idle());
        assertThat(core.audit).contains(new ScriptedCore.Audit("UCAROL", "approve", 42));
    }
}
