package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.command.CommandHandler;
import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.journal.JournalCommands;
import dev.bmo.bot.slack.fake.FakeSlack.Call;
import dev.bmo.bot.slack.fake.FakeSlack.Upload;
import dev.bmo.bot.support.QuickStage;
import dev.bmo.bot.support.TestBot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bmo journal} in Slack, through the signed endpoint and the real core with the journal handler over
 * the real catalog (the local environment's three resizers, their directories in a temporary hosts dir): the
 * reply is a code block with log text escaped, and a long answer's every line goes into a file in its thread.
 */
class SlackJournalTest {

    private static final String CHANNEL = "COPS";
    private static final String TOKEN = "slack-test-actuator-token-31c9";
    private SlackHarness h;
    private Path hosts;

    @BeforeEach
    void start() throws Exception {
        hosts = Files.createTempDirectory("bmo-slack-journal");
        Path root = TestBot.repoRoot();
        JournalCommands journal = new JournalCommands(CatalogLoader.load(root.resolve("bot/catalog.yml")), root, hosts,
                Files.createTempDirectory("bmo-slack-journal-state"), Clock.systemUTC(),
                Map.of("BMO_ACTUATOR_TOKEN", TOKEN), Duration.ofSeconds(5));
        h = new SlackHarness(TestBot.onRealCatalog(new DeployPipeline(List.of(new QuickStage("deploy"))),
                List.<CommandHandler>of(journal)), Duration.ofMillis(100));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void log(String host, List<String> lines) throws Exception {
        Path dir = Files.createDirectories(hosts.resolve(host).resolve("log"));
        Files.writeString(dir.resolve("bmo-resizer.log"), String.join("\n", lines) + "\n");
    }

    private static String ecs(Instant at, String level, String message) {
        return "{\"@timestamp\":\"" + at + "\",\"log.level\":\"" + level + "\",\"log.logger\":\"dev.bmo.resizer.Web\","
                + "\"service.name\":\"bmo-resizer\",\"message\":\"" + message + "\",\"ecs.version\":\"8.11\"}";
    }

    private List<Call> say(String eventId, String text) throws Exception {
        int before = h.slack.calls("chat.postMessage").size();
        String body = SlackRequests.messageEvent(eventId, CHANNEL, "UBOB", text, SlackHttpModeTest.ts()).toString();
        assertThat(h.requests.post(h.url, "application/json", body, SlackRequests.now(), null).statusCode())
                .isEqualTo(200);
        await().atMost(15, TimeUnit.SECONDS).until(() -> h.slack.calls("chat.postMessage").size() > before
                && h.adapter.idle());
        List<Call> posts = h.slack.calls("chat.postMessage");
        return posts.subList(before, posts.size());
    }

    @Test
    void aShortAnswerIsOneCodeBlockWithTheLogsTextEscaped() throws Exception {
        Instant now = Instant.now();
        log("resizer-1", List.of(ecs(now.minusSeconds(30), "WARN", "a client sent <!channel> & <@U123> in a path"),
                ecs(now.minusSeconds(20), "INFO", "cache " + TOKEN + " warm")));
        List<Call> posts = say("EvJ1", "bmo journal resizer");
        assertThat(posts).hasSize(1);
        String text = posts.get(0).param("text");
        assertThat(text).startsWith(":warning: ```\nresizer in local (last 10m, info and above): 2 lines from 1 host of 3")
                .contains("resizer-2: no log file").contains("WARN   a client sent &lt;!channel&gt; &amp; &lt;@U123&gt; in a path")
                .contains("cache [redacted] warm").doesNotContain("<!channel>").doesNotContain(TOKEN).endsWith("```");
        assertThat(h.slack.uploads()).as("it all fits: no file").isEmpty();
    }

    @Test
    void aLongAnswerPutsEveryLineInAFileInTheRepliesThread() throws Exception {
        Instant now = Instant.now();
        for (String host : List.of("resizer-1", "resizer-2", "resizer-3")) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                lines.add(ecs(now.minusSeconds(300 - i * 5L), i % 3 == 0 ? "WARN" : "INFO", host + " request " + i));
            }
            log(host, lines);
        }
        List<Call> posts = say("EvJ2", "bmo journal resizer last 1h level warn");
        String text = String.join("\n", posts.stream().map(c -> c.param("text")).toList());
        assertThat(posts.get(0).param("thread_ts")).as("the reply goes into the channel").isNull();
        assertThat(text).startsWith("```\nresizer in local (last 1h, warn and above): 30 lines from 3 hosts. Times UTC.");
        assertThat(h.slack.uploads()).isEmpty();

        posts = say("EvJ3", "bmo journal resizer last 1h");
        text = String.join("\n", posts.stream().map(c -> c.param("text")).toList());
        assertThat(text).contains("90 lines from 3 hosts; the newest 40 below, all of them in the attached file");
        assertThat(text.lines().filter(l -> l.contains(" request ")).count()).isEqualTo(40);
        await().atMost(15, TimeUnit.SECONDS).until(() -> !h.slack.uploads().isEmpty() && h.adapter.idle());
        Upload file = h.slack.uploads().get(0);
        assertThat(file.filename()).startsWith("bmo-journal-resizer-local-").endsWith(".log");
        assertThat(file.text().lines().filter(l -> l.contains(" request ")).count()).isEqualTo(90);
        assertThat(file.text()).contains("resizer-3  INFO   dev.bmo.resizer.Web : resizer-3 request 1\n");
        Call complete = h.slack.calls("files.completeUploadExternal").get(0);
        assertThat(complete.param("channel_id")).isEqualTo(CHANNEL);
        assertThat(complete.param("thread_ts")).as("into the thread of the reply").isEqualTo(posts.get(0).ts());
    }

    @Test
    void aSlashCommandsLongAnswerComesThroughItsResponseUrlAndTheFileIntoTheChannel() throws Exception {
        Instant now = Instant.now();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add(ecs(now.minusSeconds(100 - i), "INFO", "request " + i));
        }
        log("resizer-2", lines);
        String body = SlackRequests.form(SlackRequests.slashCommand(CHANNEL, "UBOB", "journal resizer in local/resizer-2",
                "trigger-j1", h.slack.responseUrl("rj1")));
        assertThat(h.requests.post(h.url, "application/x-www-form-urlencoded", body, SlackRequests.now(), null)
                .statusCode()).isEqualTo(200);
        await().atMost(15, TimeUnit.SECONDS).until(() -> !h.slack.uploads().isEmpty() && h.adapter.idle());
        assertThat(String.join("\n", h.slack.responseUrlPosts()))
                .contains("50 lines from 1 host; the newest 40 below, all of them in the attached file");
        assertThat(h.slack.uploads().get(0).text().lines().filter(l -> l.contains(" request ")).count()).isEqualTo(50);
        Call complete = h.slack.calls("files.completeUploadExternal").get(0);
        assertThat(complete.param("channel_id")).isEqualTo(CHANNEL);
        assertThat(complete.param("thread_ts")).isNull();
    }
}
