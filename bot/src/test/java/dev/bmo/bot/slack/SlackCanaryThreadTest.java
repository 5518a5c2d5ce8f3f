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
 * ping), and a paused rollout that mentions the requester, carries Continue and Roll back buttons, goes
 * on when someone says {@code continue <id>} in the channel and is rolled back when someone clicks.
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
            for (int batch = 1; batch <= 2; batch++) {
                ctx.emit(new DeployEvent.Paused(ctx.id(), Instant.now(), "batch " + batch + "/3 cannot be judged"));
                boolean goOn = ctx.askPerson(Duration.ofSeconds(30))
                        .orElseThrow(() -> new StageFailure("nobody answered"));
                if (!goOn) {
                    throw new StageFailure("batch " + batch + " rolled back");
                }
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

    /** The deploy thread's replies so far ("" before its status message is posted). */
    private String thread() {
        return h.slack.calls("chat.postMessage").stream().filter(c -> c.param("thread_ts") == null).findFirst()
                .map(status -> String.join("\n", h.slack.threadReplies(status.ts()).stream().map(c -> c.param("text"))
                        .toList()))
                .orElse("");
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
        assertThat(thread).contains("<@UBOB> the rollout is paused: batch 1/3 cannot be judged")
                .contains("`continue " + d.id() + "`")
                .contains("`rollback " + d.id() + "`");
        assertThat(d.status()).isEqualTo(DeployStatus.RUNNING);

        // the status message carries the answers as buttons while it is paused
        List<Call> updates = h.slack.calls("chat.update");
        assertThat(updates.get(updates.size() - 1).param("blocks")).contains(SlackDeployThread.CONTINUE)
                .contains(SlackDeployThread.ROLL_BACK);

        say("EvC2", "UCAROL", "bmo continue " + d.id());
        await().atMost(30, TimeUnit.SECONDS).until(() -> thread().contains("batch 2/3 cannot be judged"));
        assertThat(thread()).contains(":arrow_forward: <@UCAROL> said continue");

        // the second pause is answered with the status message's button
        Call status = h.slack.calls("chat.postMessage").stream().filter(c -> c.param("thread_ts") == null)
                .findFirst().orElseThrow();
        String click = SlackRequests.form(java.util.Map.of("payload", SlackRequests.buttonClick(
                SlackDeployThread.ROLL_BACK, String.valueOf(d.id()), "UDAVE", SlackRealCoreTest.CHANNEL, status.ts())
                .toString()));
        assertThat(h.requests.post(h.url, "application/x-www-form-urlencoded", click, SlackRequests.now(), null)
                .statusCode()).isEqualTo(200);
        await().atMost(30, TimeUnit.SECONDS).until(() -> h.bot.history.find(d.id()).orElseThrow().status().isFinal()
                && !h.slack.uploads().isEmpty() && h.adapter.idle());
        assertThat(h.bot.history.find(d.id()).orElseThrow().status()).isEqualTo(DeployStatus.FAILED);
        assertThat(h.bot.history.find(d.id()).orElseThrow().detail()).contains("batch 2 rolled back");
        assertThat(thread()).contains(":rewind: <@UDAVE> said rollback");
        updates = h.slack.calls("chat.update");
        assertThat(updates.get(updates.size() - 1).param("blocks")).doesNotContain(SlackDeployThread.CONTINUE);
        assertThat(h.bot.audit.recent(20)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("UCAROL");
            assertThat(e.action()).isEqualTo("continue");
        });
    }
}
