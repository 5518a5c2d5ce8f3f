package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.slack.fake.FakeSlack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A deploy cut short by a BMO restart is announced where it was asked for, with the words people search for. */
class SlackRestartAnnouncementTest {

    static DeployRecord interrupted(long id, String origin) {
        return new DeployRecord(id, origin, "deploy", "resizer", "production", "", "main", "0123456789abcdef0123",
                "0.1.0~SNAPSHOT+git40.0123456", "U0ALICE", null, false, false, DeployStatus.INTERRUPTED,
                "interrupted: BMO restarted while it ran", origin, null, null, null, Instant.now(), Instant.now(), Instant.now());
    }

    @Test
    void eachInterruptedDeployIsAnnouncedInItsChannelAndThread() throws Exception {
        try (FakeSlack slack = new FakeSlack()) {
            SlackSettings settings = new SlackSettings("http", "xoxb-test-bot", null, SlackHttpModeTest.SECRET, null,
                    "127.0.0.1", 0, slack.apiUrl(), Duration.ofMillis(100));
            SlackAdapter adapter = new SlackAdapter(settings, request -> null);
            try {
                adapter.announceInterrupted(List.of(
                        interrupted(7, "slack:msg:CDEPLOYS:1700000000.000100"),
                        interrupted(8, "slack:cmd:COPS:12345.6789.abcdef"),
                        interrupted(9, "shell")));

                await().atMost(Duration.ofSeconds(10)).until(() -> slack.calls("chat.postMessage").size() >= 2);
                Thread.sleep(300);
                List<FakeSlack.Call> posts = slack.calls("chat.postMessage");
                assertThat(posts).hasSize(2);
                FakeSlack.Call first = posts.stream().filter(c -> "CDEPLOYS".equals(c.param("channel"))).findFirst().orElseThrow();
                assertThat(first.param("thread_ts")).isEqualTo("1700000000.000100");
                assertThat(first.param("text")).contains("#7", "resizer", "production", "interrupted", "0.1.0~SNAPSHOT+git40.0123456",
                        "0123456789ab", "U0ALICE", "bmo logs 7");
                FakeSlack.Call second = posts.stream().filter(c -> "COPS".equals(c.param("channel"))).findFirst().orElseThrow();
                assertThat(second.param("thread_ts")).isNull();
                assertThat(second.param("text")).contains("#8");
            } finally {
                adapter.close();
            }
        }
    }
}
