package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.DeployEvent.StageOutcome;
import dev.bmo.bot.deploy.DeploySummary;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.HostResult;
import dev.bmo.bot.slack.fake.FakeSlack;
import dev.bmo.bot.slack.fake.FakeSlack.Call;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One deploy's thread, fed the core's events directly: what each event shows, and the status it leaves. */
class SlackDeployThreadTest {

    static final String CHANNEL = "CDEPLOYS";
    static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");

    FakeSlack slack;
    Slack client;
    SlackOutbox outbox;
    SlackDeployThread thread;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(slack.apiUrl());
        client = Slack.getInstance(config);
        outbox = new SlackOutbox(client.methods("xoxb-test-bot"), Duration.ofMillis(20));
        thread = new SlackDeployThread(outbox, CHANNEL, null);
    }

    @AfterEach
    void stop() throws Exception {
        outbox.close();
        client.close();
        slack.close();
    }

    private static DeploySummary summary(DeployStatus status, List<HostResult> hosts) {
        return new DeploySummary(7, "deploy", "resizer", "production", status, "0123456789abcdef", "1.2.3", "UALICE",
                hosts, Map.of(), Duration.ofSeconds(3), null);
    }

    private String statusTs() {
        return slack.calls("chat.postMessage").stream().filter(c -> c.param("thread_ts") == null).findFirst()
                .orElseThrow().ts();
    }

    private Call lastUpdate() {
        List<Call> updates = slack.calls("chat.update");
        return updates.get(updates.size() - 1);
    }

    private String threadText() {
        return String.join("\n", slack.threadReplies(statusTs()).stream().map(c -> c.param("text")).toList());
    }

    private void ended() {
        await().atMost(10, TimeUnit.SECONDS).until(() -> !slack.uploads().isEmpty() && outbox.idle());
    }

    @Test
    void eachEventShowsItsLineEscapedAndTheLogHoldsEveryEvent() throws Exception {
        thread.on(new DeployEvent.Accepted(7, AT, "deploy", "resizer", "production", "resizer-1", "main<!here>",
                "UALICE", false));
        thread.on(new DeployEvent.Queued(7, AT, "UBOB <!channel>"));
        thread.on(new DeployEvent.Started(7, AT));
        thread.on(new DeployEvent.Identified(7, AT, "0123456789abcdef", "1.2.3"));
        thread.on(new DeployEvent.StageStarted(7, AT, "checks"));
        thread.on(new DeployEvent.StageFinished(7, AT, "checks", StageOutcome.SKIPPED, Duration.ofMillis(10),
                "forced <by> UALICE"));
        thread.on(new DeployEvent.StageStarted(7, AT, "deploy"));
        thread.on(new DeployEvent.TaskStarted(7, AT, "install <package>"));
        thread.on(new DeployEvent.HostResult(7, AT, "resizer-1", "install", "failed", "exit 1 <!channel>"));
        thread.on(new DeployEvent.LogLine(7, AT, "ansible said so"));
        thread.on(new DeployEvent.StageFinished(7, AT, "deploy", StageOutcome.FAILED, Duration.ofSeconds(2),
                "a host failed"));
        assertThat(thread.isFinished()).isFalse();
        thread.on(new DeployEvent.Finished(7, AT, summary(DeployStatus.FAILED,
                List.of(new HostResult("resizer-1", "failed", null)))));
        assertThat(thread.isFinished()).isTrue();
        ended();

        String text = threadText();
        assertThat(text).contains(":hourglass: queued: UBOB &lt;!channel&gt;; it starts when the lock is released")
                .contains(":arrow_forward: stage *checks* started")
                .contains(":white_check_mark: stage *checks* done in 0.0s: skipped: forced &lt;by&gt; UALICE")
                .contains("• task install &lt;package&gt;")
                .contains("    resizer-1: failed (exit 1 &lt;!channel&gt;)")
                .contains(":x: stage *deploy* failed after 2.0s: a host failed")
                .contains(":x: *Deploy 7 failed*: resizer version 1.2.3 (commit 0123456789ab) to production/resizer-1")
                .contains("Hosts: resizer-1 failed.").contains("Requested by <@UALICE>.")
                .contains("ref main&lt;!here&gt;").doesNotContain("<!here>").doesNotContain("<!channel>")
                .doesNotContain("ansible said so");
        Call last = lastUpdate();
        assertThat(last.param("text")).startsWith(":x: *Deploy 7*: resizer 1.2.3 to production/resizer-1 — *failed*")
                .contains(":white_check_mark: checks  :x: deploy").doesNotContain("(stage ");
        assertThat(slack.uploads().get(0).text()).contains("#7 started").contains("#7   ansible said so")
                .contains("#7 [deploy] failed in 2.0 s: a host failed").contains("#7 deploy of resizer to production: FAILED");
    }

    @Test
    void approvalButtonsWhileItWaitsThenTheDecisionFromAnotherBmo() throws Exception {
        thread.on(new DeployEvent.Accepted(7, AT, "deploy", "resizer", "production", null, "main", "UALICE", true));
        await().atMost(5, TimeUnit.SECONDS).until(() -> !slack.calls("chat.postMessage").isEmpty() && outbox.idle());
        Call status = slack.calls("chat.postMessage").get(0);
        // waiting, but who may approve is not known yet: no buttons
        assertThat(status.param("text")).startsWith(":raised_hand: *Deploy 7*: resizer to production — *awaiting approval*");
        assertThat(status.param("blocks")).doesNotContain(SlackDeployThread.APPROVE);

        thread.on(new DeployEvent.AwaitingApproval(7, AT, List.of("@sre", "UCAROL"), null));
        await().atMost(5, TimeUnit.SECONDS).until(() -> !slack.calls("chat.update").isEmpty() && outbox.idle());
        assertThat(lastUpdate().param("text")).contains("Waiting for approval by @sre, UCAROL (not <@UALICE>");
        assertThat(lastUpdate().param("blocks")).contains(SlackDeployThread.APPROVE).contains(SlackDeployThread.REJECT);

        // approved in another BMO process: its log line comes relayed
        thread.on(new DeployEvent.Relayed(7, AT, "#7 approved by bob"));
        thread.on(new DeployEvent.Relayed(7, AT, "#7 [build] passed in 1.0 s"));
        thread.on(new DeployEvent.Relayed(7, AT, "#7   some build output"));
        thread.on(new DeployEvent.Finished(7, AT, summary(DeployStatus.SUCCEEDED, List.of())));
        ended();
        assertThat(threadText()).contains(":white_check_mark: approved by <@bob>").contains("#7 [build] passed in 1.0 s")
                .doesNotContain("some build output").contains("Requested by UALICE, approved by bob.");
        assertThat(lastUpdate().param("text")).startsWith(":white_check_mark: *Deploy 7*").contains("*succeeded*")
                .doesNotContain("Waiting for approval");
        assertThat(lastUpdate().param("blocks")).doesNotContain(SlackDeployThread.APPROVE);
    }

    @Test
    void aDeployThatExpiresWaitingForApprovalLosesItsButtons() throws Exception {
        thread.on(new DeployEvent.Accepted(7, AT, "deploy", "resizer", "production", null, "main", "UALICE", true));
        thread.on(new DeployEvent.AwaitingApproval(7, AT, List.of("@sre"), null));
        thread.on(new DeployEvent.Finished(7, AT, summary(DeployStatus.EXPIRED, List.of())));
        ended();
        Call last = lastUpdate();
        assertThat(last.param("text")).startsWith(":warning: *Deploy 7*").contains("*expired*")
                .doesNotContain("Waiting for approval");
        assertThat(last.param("blocks")).doesNotContain(SlackDeployThread.APPROVE)
                .doesNotContain(SlackDeployThread.REJECT);
        assertThat(threadText()).contains(":warning: *Deploy 7 expired*").contains("Requested by <@UALICE>.");
    }
}
