package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import dev.bmo.bot.slack.fake.FakeSlack;
import dev.bmo.bot.slack.fake.FakeSlack.Call;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP mode against the fake Slack: requests signed exactly as Slack signs them go through BMO's
 * real endpoint, Bolt and the adapter, and everything BMO says lands in the fake's records.
 */
class SlackHttpModeTest {

    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String CHANNEL = "CDEPLOYS";

    FakeSlack slack;
    ScriptedCore core;
    SlackAdapter adapter;
    SlackHttpEndpoint endpoint;
    SlackRequests requests = new SlackRequests(SECRET);
    String url;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        core = new ScriptedCore(15);
        SlackSettings settings = new SlackSettings("http", "xoxb-test-bot", null, SECRET, null, "127.0.0.1", 0,
                slack.apiUrl(), Duration.ofMillis(250));
        adapter = new SlackAdapter(settings, core);
        endpoint = new SlackHttpEndpoint(adapter, "127.0.0.1", 0);
        url = "http://127.0.0.1:" + endpoint.port() + SlackHttpEndpoint.PATH;
    }

    @AfterEach
    void stop() {
        endpoint.close();
        adapter.close();
        slack.close();
    }

    HttpResponse<String> event(JsonObject body, String retryNum) throws Exception {
        return requests.post(url, "application/json", body.toString(), SlackRequests.now(), retryNum);
    }

    static String ts() {
        return "1710000000." + String.format("%06d", SlackRequests.SEQ.incrementAndGet());
    }

    @Test
    void aBadSignatureIsRefusedAndNothingRuns() throws Exception {
        String body = SlackRequests.messageEvent("Ev1", CHANNEL, "UBOB", "bmo help", ts()).toString();
        long now = SlackRequests.now();
        String forged = new SlackRequests("not-the-secret").sign(now, body);
        HttpResponse<String> r = requests.post(url, "application/json", body, String.valueOf(now), forged, null);
        assertThat(r.statusCode()).isEqualTo(401);

        // a body changed after signing fails the same way
        String signed = requests.sign(now, body);
        HttpResponse<String> tampered = requests.post(url, "application/json",
                body.replace("bmo help", "bmo deploy resizer to production"), String.valueOf(now), signed, null);
        assertThat(tampered.statusCode()).isEqualTo(401);

        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(core.commands).isEmpty();
        assertThat(slack.calls("chat.postMessage")).isEmpty();
    }

    @Test
    void aStaleTimestampIsRefusedEvenWithAGoodSignature() throws Exception {
        String body = SlackRequests.messageEvent("Ev2", CHANNEL, "UBOB", "bmo help", ts()).toString();
        long sixMinutesAgo = SlackRequests.now() - 6 * 60;
        HttpResponse<String> r = requests.post(url, "application/json", body, sixMinutesAgo, null);
        assertThat(r.statusCode()).isEqualTo(401);

        long fourMinutesAgo = SlackRequests.now() - 4 * 60;
        HttpResponse<String> fresh = requests.post(url, "application/json", body, fourMinutesAgo, null);
        assertThat(fresh.statusCode()).isEqualTo(200);
        await().atMost(5, TimeUnit.SECONDS).until(() -> core.commands.size() == 1);
    }

    @Test
    void theUrlVerificationChallengeIsAnswered() throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("token", "t");
        body.addProperty("challenge", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        body.addProperty("type", "url_verification");
        HttpResponse<String> r = event(body, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }

    @Test
    void aChannelMessageIsAcknowledgedAtOnceAndAnsweredInTheChannel() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = event(SlackRequests.messageEvent("Ev3", CHANNEL, "UBOB", "bmo help", ts()), null);
        long ackMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ackMillis).as("ack time").isLessThan(3000);

        await().atMost(5, TimeUnit.SECONDS).until(() -> !slack.calls("chat.postMessage").isEmpty());
        Call answer = slack.calls("chat.postMessage").get(0);
        assertThat(answer.param("channel")).isEqualTo(CHANNEL);
        // escaped, so that Slack shows "<service>" instead of reading it as a link
        assertThat(answer.param("text")).contains("BMO commands").contains("deploy &lt;service&gt;");
        assertThat(answer.token()).isEqualTo("xoxb-test-bot");
        assertThat(core.callers.get(0).user()).isEqualTo("UBOB");
    }

    @Test
    void messagesNotForBmoAreAcknowledgedAndIgnored() throws Exception {
        assertThat(event(SlackRequests.messageEvent("Ev4", CHANNEL, "UBOB", "lunch anyone? bmo", ts()), null)
                .statusCode()).isEqualTo(200);
        assertThat(event(SlackRequests.messageEvent("Ev5", CHANNEL, "UBOB", "bmoo", ts()), null)
                .statusCode()).isEqualTo(200);
        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(core.commands).isEmpty();
    }

    @Test
    void aMentionRunsTheCommandAfterIt() throws Exception {
        event(SlackRequests.mentionEvent("Ev6", CHANNEL, "UBOB", "<@" + FakeSlack.BOT_USER_ID + "> help", ts()),
                null);
        await().atMost(5, TimeUnit.SECONDS).until(() -> core.commands.contains("help"));
    }

    @Test
    void aRetriedEventAndTheMentionTwinStartOneDeploy() throws Exception {
        String ts = ts();
        JsonObject first = SlackRequests.messageEvent("EvDeploy1", CHANNEL, "UBOB", "bmo deploy resizer", ts);
        assertThat(event(first, null).statusCode()).isEqualTo(200);
        // Slack thought the ack was late: the same event again, twice, flagged as retries
        assertThat(event(first, "1").statusCode()).isEqualTo(200);
        assertThat(event(first, "2").statusCode()).isEqualTo(200);
        // the same message also arrives as an app_mention when it mentions BMO
        JsonObject twin = SlackRequests.mentionEvent("EvDeploy2", CHANNEL, "UBOB",
                "bmo deploy resizer <@" + FakeSlack.BOT_USER_ID + ">", ts);
        assertThat(event(twin, null).statusCode()).isEqualTo(200);

        await().atMost(10, TimeUnit.SECONDS).until(() -> adapter.idle() && core.deploysStarted.get() == 1);
        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(core.deploysStarted.get()).isEqualTo(1);
        assertThat(core.commands).hasSize(1);
        long statusMessages = slack.calls("chat.postMessage").stream()
                .filter(c -> c.param("thread_ts") == null).count();
        assertThat(statusMessages).isEqualTo(1);
    }

    @Test
    void aRepeatedSlashCommandStartsOneDeploy() throws Exception {
        String body = SlackRequests.form(SlackRequests.slashCommand(CHANNEL, "UBOB", "deploy resizer",
                "trigger-1", slack.responseUrl("r1")));
        HttpResponse<String> first = requests.post(url, "application/x-www-form-urlencoded", body,
                SlackRequests.now(), null);
        HttpResponse<String> again = requests.post(url, "application/x-www-form-urlencoded", body,
                SlackRequests.now(), null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("On it");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("Already on it");
        await().atMost(10, TimeUnit.SECONDS).until(() -> core.deploysStarted.get() == 1);
        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(core.deploysStarted.get()).isEqualTo(1);
    }

    @Test
    void anUnauthorisedProductionDeployIsRefusedWithTheReason() throws Exception {
        event(SlackRequests.messageEvent("Ev7", CHANNEL, "UBOB", "bmo deploy resizer to production", ts()), null);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !slack.calls("chat.postMessage").isEmpty());
        Call refusal = slack.calls("chat.postMessage").get(0);
        assertThat(refusal.param("text")).contains("UBOB may not deploy to production")
                .contains("@release-managers");
        assertThat(core.deploysStarted.get()).isZero();
    }

    @Test
    void slackUserGroupsCountAsTheCatalogsGroups() throws Exception {
        slack.userGroup("release-managers", "UCAROL");
        slack.userGroup("designers", "UBOB");
        event(SlackRequests.messageEvent("Ev8", CHANNEL, "UCAROL", "bmo deploy resizer to production", ts()),
                null);
        await().atMost(5, TimeUnit.SECONDS).until(() -> core.deploysStarted.get() == 1);
        assertThat(core.callers.get(0).groups()).containsExactly("release-managers");
    }

    @Test
    void aLongReplyIsSplitUnderSlacksLimitsAndNothingIsLost() throws Exception {
        event(SlackRequests.messageEvent("Ev9", CHANNEL, "UBOB", "bmo deploys resizer", ts()), null);
        await().atMost(15, TimeUnit.SECONDS).until(() -> core.commands.size() == 1 && adapter.idle());
        List<Call> posts = slack.calls("chat.postMessage");
        assertThat(posts).hasSizeGreaterThan(1);
        String all = String.join("\n", posts.stream().map(c -> c.param("text")).toList());
        for (Call c : posts) {
            assertThat(c.param("text").length()).isLessThan(MessageSplitter.BLOCK_LIMIT);
        }
        for (int i = 0; i < 400; i++) {
            assertThat(all).contains("succeeded (line " + i + ")");
        }
        assertThat(posts.get(posts.size() - 1).param("text")).contains("(part " + posts.size() + "/" + posts.size());
    }

    @Test
    void logsSearchAlsoAsksSlacksSearchWithTheUserToken() throws Exception {
        endpoint.close();
        adapter.close();
        SlackSettings settings = new SlackSettings("http", "xoxb-test-bot", null, SECRET, "xoxp-test-user",
                "127.0.0.1", 0, slack.apiUrl(), Duration.ofMillis(250));
        adapter = new SlackAdapter(settings, core);
        endpoint = new SlackHttpEndpoint(adapter, "127.0.0.1", 0);
        url = "http://127.0.0.1:" + endpoint.port() + SlackHttpEndpoint.PATH;
        slack.searchMatch("deploys", "UBMOBOT", "Deploy 42 failed: resizer version 1.4.2 to production",
                "https://bmo-test.slack.com/archives/CDEPLOYS/p1700000000000100");
        // the user token also sees its owner's private channels and DMs: those hits are not posted here
        slack.searchMatch("secret-plans", "private", "UALICE", "Deploy 42 failed: the private plan",
                "https://bmo-test.slack.com/archives/G0SECRET/p1700000000000200");
        slack.searchMatch("UALICE", "im", "UALICE", "Deploy 42 failed: my DM <@UCAROL>",
                "https://bmo-test.slack.com/archives/D0ALICE/p1700000000000300");

        event(SlackRequests.messageEvent("Ev10", CHANNEL, "UBOB", "bmo logs search failed resizer in resizer",
                ts()), null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !slack.calls("chat.postMessage").isEmpty()
                && adapter.idle());
        Call search = slack.calls("search.messages").get(0);
        assertThat(search.token()).isEqualTo("xoxp-test-user");
        assertThat(search.param("query")).isEqualTo("failed resizer");
        String answer = slack.calls("chat.postMessage").get(0).param("text");
        assertThat(answer).contains("BMO's log store: deploy 42 matched").contains("Slack search")
                .contains("Deploy 42 failed").contains("archives/CDEPLOYS/p1700000000000100")
                .doesNotContain("private plan").doesNotContain("my DM").doesNotContain("G0SECRET")
                .contains("2 more in private channels or direct messages, not shown here");
    }
}
