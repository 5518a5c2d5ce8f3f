package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.bmo.bot.slack.fake.FakeSlack;
import dev.bmo.bot.slack.fake.FakeSlack.Call;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slack's rate limits, honoured: about one write per second per channel, and Retry-After on 429. */
class SlackOutboxTest {

    FakeSlack slack;
    Slack client;
    SlackOutbox outbox;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(slack.apiUrl());
        client = Slack.getInstance(config);
        outbox = new SlackOutbox(client.methods("xoxb-test-bot"), Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() throws Exception {
        outbox.close();
        client.close();
        slack.close();
    }

    @Test
    void aBurstOfProgressIsBatchedAndPacedAtOneWritePerSecondPerChannel() throws Exception {
        String thread = outbox.post("C1", null, "deploy 7 status").get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 60; i++) {
            outbox.appendToThread("C1", thread, "host-" + i + ": ok", "_deploy 7_");
            outbox.appendToThread("C2", "2.0", "other channel line " + i, "");
            TimeUnit.MILLISECONDS.sleep(40);
        }
        await().atMost(20, TimeUnit.SECONDS).until(outbox::idle);

        List<Call> c1 = slack.calls("chat.postMessage").stream().filter(c -> c.param("channel").equals("C1"))
                .toList();
        // 60 lines over ~2.4 s go out in a handful of messages, not 60
        assertThat(c1.size()).isBetween(3, 6);
        for (int i = 1; i < c1.size(); i++) {
            assertThat(Duration.between(c1.get(i - 1).at(), c1.get(i).at())).isGreaterThanOrEqualTo(
                    Duration.ofMillis(980));
        }
        String all = String.join("\n", c1.stream().map(c -> c.param("text")).toList());
        for (int i = 0; i < 60; i++) {
            assertThat(all).contains("host-" + i + ": ok");
        }
        assertThat(c1.subList(1, c1.size())).allSatisfy(c -> assertThat(c.param("text")).endsWith("_deploy 7_"));
        // the other channel has its own pace, not blocked by the first
        long c2 = slack.calls("chat.postMessage").stream().filter(c -> c.param("channel").equals("C2")).count();
        assertThat(c2).isBetween(2L, 6L);
    }

    @Test
    void a429IsRetriedAfterItsRetryAfterAndNothingIsLost() throws Exception {
        slack.rateLimit("chat.postMessage", 1, 2);
        long t0 = System.nanoTime();
        String ts = outbox.post("C1", null, "deploy 8 status").get(10, TimeUnit.SECONDS);
        long waited = (System.nanoTime() - t0) / 1_000_000;

        assertThat(ts).isNotBlank();
        List<Call> posts = slack.calls("chat.postMessage");
        assertThat(posts).hasSize(2);
        assertThat(Duration.between(posts.get(0).at(), posts.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1980));
        assertThat(waited).isGreaterThanOrEqualTo(1980);
        assertThat(posts.get(1).param("text")).isEqualTo("deploy 8 status");
    }

    @Test
    void updatesOfOneMessageAreCoalescedToTheLatest() throws Exception {
        String ts = outbox.post("C1", null, "v0").get(5, TimeUnit.SECONDS);
        for (int i = 1; i <= 20; i++) {
            outbox.update("C1", ts, "v" + i, null);
        }
        await().atMost(10, TimeUnit.SECONDS).until(outbox::idle);
        List<Call> updates = slack.calls("chat.update");
        assertThat(updates.size()).isLessThanOrEqualTo(2);
        assertThat(updates.get(updates.size() - 1).param("text")).isEqualTo("v20");
    }

    @Test
    void aFileGoesThroughTheUploadV2Flow() throws Exception {
        String id = outbox.upload("C1", "1.0", "deploy.log", "deploy 9 log", "line 1\nline 2\n", "deploy 9")
                .get(10, TimeUnit.SECONDS);
        assertThat(slack.methods()).containsExactly("files.getUploadURLExternal", "files.completeUploadExternal");
        assertThat(slack.uploads()).singleElement().satisfies(u -> {
            assertThat(u.fileId()).isEqualTo(id);
            assertThat(u.filename()).isEqualTo("deploy.log");
            assertThat(u.text()).isEqualTo("line 1\nline 2\n");
        });
        assertThat(slack.calls("files.getUploadURLExternal").get(0).param("length")).isEqualTo("14");
    }
}
