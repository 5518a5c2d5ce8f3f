package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.deploy.StageFailure;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.slack.fake.FakeSlack.Call;
import dev.bmo.bot.support.QuickStage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a canary analysis says in the deploy's Slack thread, through the real core and Bolt's endpoint:
 * one message per judged batch with its numbers in a code block (escaped: a host or reason can never
 * ping), and a paused rollout that mentions the requester and goes on when someone says
 * {@code continue <id>} in the channel.
 */
class SlackCanaryThreadTest {

    /** A rollout whose first batch is judged inconclusive and pauses for a person. */
    static final class PausingRollout implements Stage {

        @Override
        public String name() {
            return "deploy";
        }

        @Override
        public StageResult run(DeployContext ctx) throws Exception {
            ctx.emit(new DeployEvent.BatchJudged(ctx.id(), Instant.now(), "INCONCLUSIVE",
                    "batch 1/3 (resizer-1) vs control (resizer-2, resizer-3) · 15 s window\nrequests 3 vs 7 <!channel>\n"
                            + "verdict INCONCLUSIVE: too little traffic to tell", "still inconclusive: the rollout pauses"));
            ctx.emit(new DeployEvent.Paused(ctx.id(), Instant.now(), "batch 1/3 (resizer-1) cannot be judged"));
            boolean goOn = ctx.askPerson(Duration.ofSeconds(30)).orElseThrow(() -> new StageFailure("nobody answered"));
            if (!goOn) {
                throw new StageFailure("rolled back");
            }
            return StageResult.passed("went on");
        }
    }

    SlackHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new SlackHarness(new DeployPipeline(List.of(new QuickStage("resolve"), new PausingRollout(),
                new QuickStage("verify"))), Duration.ofMillis(250));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void say(String eventId, String user, String text) throws Exception {
        String body = SlackRequests.messageEvent(eventId, SlackRealCoreTest.CHANNEL, user, text, SlackHttpModeTest.ts())
                .toString();
        assertThat(h.requests.post(h.url, "application/json", body, SlackRequests.now(), null).statusCode())
                .isEqualTo(200);
    }

    private String thread() {
        Call status = h.slack.calls("chat.postMessage").stream().filter(c -> c.param("thread_ts") == null)
                .findFirst().orElseThrow();
        return String.join("\n", h.slack.threadReplies(status.ts()).stream().map(c -> c.param("text")).toList());
    }

    @Test
    void aPausedRolloutAsksInTheThreadAndGoesOnWhenSomeoneSaysContinue() throws Exception {
        say("EvC1", "UBOB", "bmo deploy resizer to local");
        await().atMost(30, TimeUnit.SECONDS).until(() -> thread().contains("the rollout is paused"));
        DeployRecord d = h.bot.history.list("resizer", "local", 10).get(0);
        String thread = thread();
        assertThat(thread).contains(":grey_question: *canary analysis: INCONCLUSIVE* — still inconclusive")
                .contains("```\nbatch 1/3 (resizer-1) vs control").contains("&lt;!channel&gt;")
                .doesNotContain("<!channel>");
        assertThat(thread).contains("<@UBOB> the rollout is paused").contains("`continue " + d.id() + "`")
                .contains("`rollback " + d.id() + "`");
        assertThat(d.status()).isEqualTo(DeployStatus.RUNNING);

        say("EvC2", "UCAROL", "bmo continue " + d.id());
        await().atMost(30, TimeUnit.SECONDS).until(() -> h.bot.history.find(d.id()).orElseThrow().status().isFinal()
                && !h.slack.uploads().isEmpty() && h.adapter.idle());
        assertThat(h.bot.history.find(d.id()).orElseThrow().status()).isEqualTo(DeployStatus.SUCCEEDED);
        assertThat(thread()).contains(":arrow_forward: <@UCAROL> said continue");
        assertThat(h.bot.audit.recent(20)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("UCAROL");
            assertThat(e.action()).isEqualTo("continue");
        });
    }
}
