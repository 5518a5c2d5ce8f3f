package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.history.AuditLog;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.slack.fake.FakeSlack;
import dev.bmo.bot.slack.fake.FakeSlack.Call;
import dev.bmo.bot.support.QuickStage;
import dev.bmo.bot.support.TestBot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slack in front of BMO's real command core (grammar, the real catalog and permissions, deploy
 * service, locks, approvals, history and audit in H2) with a quick pipeline: stages that pass at
 * once, and a rollout stage that reports tasks and per-host results the way the Ansible stage does.
 */
class SlackRealCoreTest {

    static final String CHANNEL = "CDEPLOYS";

    SlackHarness h;
    FakeSlack slack;
    TestBot bot;
    SlackAdapter adapter;
    SlackRequests requests;
    String url;

    /** Reports what Ansible would: each task, then each host's result. */
    static final class ReportingRollout implements Stage {

        @Override
        public String name() {
            return "deploy";
        }

        @Override
        public StageResult run(DeployContext ctx) {
            for (String task : List.of("install package", "restart service", "wait for health")) {
                ctx.emit(new DeployEvent.TaskStarted(ctx.id(), Instant.now(), task));
                for (String host : ctx.hosts()) {
                    ctx.emit(new DeployEvent.HostResult(ctx.id(), Instant.now(), host, task, "ok", null));
                    ctx.hostResults().put(host, "ok");
                }
            }
            return StageResult.passed("rolled out to " + ctx.hosts().size() + " hosts");
        }
    }

    @BeforeEach
    void start() throws Exception {
        h = new SlackHarness(new DeployPipeline(List.of(new QuickStage("resolve"), new QuickStage("build"),
                new QuickStage("package"), new ReportingRollout(), new QuickStage("verify"))), Duration.ofMillis(250));
        slack = h.slack;
        bot = h.bot;
        adapter = h.adapter;
        requests = h.requests;
        url = h.url;
    }

    @AfterEach
    void stop() {
        h.close();
    }

    void event(String eventId, String user, String text, String ts, String retry) throws Exception {
        String body = SlackRequests.messageEvent(eventId, CHANNEL, user, text, ts).toString();
        assertThat(requests.post(url, "application/json", body, SlackRequests.now(), retry).statusCode())
                .isEqualTo(200);
    }

    void click(String actionId, long deployId, String user, String messageTs) throws Exception {
        String body = SlackRequests.form(Map.of("payload",
                SlackRequests.buttonClick(actionId, String.valueOf(deployId), user, CHANNEL, messageTs).toString()));
        assertThat(requests.post(url, "application/x-www-form-urlencoded", body, SlackRequests.now(), null)
                .statusCode()).isEqualTo(200);
    }

    List<DeployRecord> deploys(String env) {
        return bot.history.list("resizer", env, 10);
    }

    Call status() {
        return slack.calls("chat.postMessage").stream().filter(c -> c.param("thread_ts") == null).findFirst()
                .orElseThrow();
    }

    @Test
    void aDeployToTheLocalFleetTalksInOneThreadWithItsLogAttached() throws Exception {
        event("EvR1", "UBOB", "bmo deploy resizer to local", SlackHttpModeTest.ts(), null);
        await().atMost(30, TimeUnit.SECONDS).until(() -> !slack.uploads().isEmpty() && adapter.idle());

        DeployRecord d = deploys("local").get(0);
        assertThat(d.status()).isEqualTo(DeployStatus.SUCCEEDED);
        assertThat(d.requestedBy()).isEqualTo("UBOB");
        String id = String.valueOf(d.id());

        Call status = status();
        assertThat(status.param("text")).contains("Deploy " + id).contains("resizer").contains("local");
        String ts = status.ts();
        List<Call> updates = slack.calls("chat.update");
        assertThat(updates).isNotEmpty().allSatisfy(u -> assertThat(u.param("ts")).isEqualTo(ts));
        assertThat(updates.get(updates.size() - 1).param("text")).contains("succeeded").contains("1.0-test");

        String thread = String.join("\n", slack.threadReplies(ts).stream().map(c -> c.param("text")).toList());
        assertThat(thread).contains("task install package").contains("resizer-3: ok")
                .contains("*Deploy " + id + " succeeded*").contains("commit 0123456789ab");
        for (Call c : slack.threadReplies(ts)) {
            assertThat(c.param("text")).contains("deploy " + id).contains("resizer").contains("local")
                    .contains("UBOB");
        }
        // the searchable words name the requester in plain text: a deploy that went well notifies nobody
        assertThat(slack.calls("chat.postMessage")).noneSatisfy(c -> assertThat(c.param("text")).contains("<@UBOB>"));
        assertThat(slack.calls("chat.update")).noneSatisfy(c -> assertThat(c.param("text")).contains("<@UBOB>"));

        // the attached log holds what BMO's own log store holds for this deploy
        String log = slack.uploads().get(0).text();
        assertThat(log).contains("resolve says hello to resizer").contains("resizer-2: ok");
        for (String stored : bot.history.log(d.id())) {
            assertThat(log).contains(stored);
        }
        assertThat(slack.calls("files.completeUploadExternal").get(0).param("thread_ts")).isEqualTo(ts);
    }

    @Test
    void aRetriedEventStartsOneDeployEvenWhenTheAdaptersMemoryIsGone() throws Exception {
        String ts = SlackHttpModeTest.ts();
        event("EvR2", "UBOB", "bmo deploy resizer to local", ts, null);
        event("EvR2", "UBOB", "bmo deploy resizer to local", ts, "1");
        await().atMost(30, TimeUnit.SECONDS).until(() -> !slack.uploads().isEmpty() && adapter.idle());
        assertThat(deploys("local")).hasSize(1);

        // a BMO restart forgets which events it saw; the core's request key still knows the message
        h.restartAdapter();
        adapter = h.adapter;
        url = h.url;
        int posts = slack.calls("chat.postMessage").size();
        event("EvR2", "UBOB", "bmo deploy resizer to local", ts, "2");
        await().atMost(10, TimeUnit.SECONDS).until(() -> slack.calls("chat.postMessage").size() > posts
                && adapter.idle());
        assertThat(deploys("local")).hasSize(1);
    }

    @Test
    void anUnauthorisedProductionDeployIsRefusedAndSaysWhy() throws Exception {
        event("EvR3", "UBOB", "bmo deploy resizer to production", SlackHttpModeTest.ts(), null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !slack.calls("chat.postMessage").isEmpty()
                && adapter.idle());
        String text = slack.calls("chat.postMessage").get(0).param("text");
        assertThat(text).contains("UBOB").contains("production").contains("@sre");
        assertThat(deploys("production")).isEmpty();
    }

    @Test
    void aProductionDeployIsApprovedByASecondPersonAndTheDecisionIsAudited() throws Exception {
        slack.userGroup("sre", "UALICE", "UCAROL");
        event("EvR4", "UALICE", "bmo deploy resizer to production", SlackHttpModeTest.ts(), null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !deploys("production").isEmpty()
                && deploys("production").get(0).status() == DeployStatus.AWAITING_APPROVAL && adapter.idle()
                && !slack.calls("chat.update").isEmpty());
        long id = deploys("production").get(0).id();
        String ts = status().ts();
        // the first status already says it waits (it said "running" for a moment before)
        assertThat(status().param("text")).contains("awaiting approval").doesNotContain("running");
        List<Call> updates = slack.calls("chat.update");
        assertThat(updates.get(updates.size() - 1).param("blocks")).contains(SlackDeployThread.APPROVE);

        // the requester's own click is refused and they are told why
        click(SlackDeployThread.APPROVE, id, "UALICE", ts);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !slack.calls("chat.postEphemeral").isEmpty());
        assertThat(slack.calls("chat.postEphemeral").get(0).param("text"))
                .contains("the requester cannot approve their own deploy");
        assertThat(deploys("production").get(0).status()).isEqualTo(DeployStatus.AWAITING_APPROVAL);

        // a second person in the approvers' Slack group approves
        click(SlackDeployThread.APPROVE, id, "UCAROL", ts);
        await().atMost(30, TimeUnit.SECONDS).until(() -> deploys("production").get(0).status().isFinal()
                && !slack.uploads().isEmpty() && adapter.idle());
        DeployRecord d = deploys("production").get(0);
        assertThat(d.status()).isEqualTo(DeployStatus.SUCCEEDED);
        assertThat(d.approvedBy()).isEqualTo("UCAROL");
        String thread = String.join("\n", slack.threadReplies(ts).stream().map(c -> c.param("text")).toList());
        assertThat(thread).contains("approved by <@UCAROL>").contains("approved by UCAROL.");
        updates = slack.calls("chat.update");
        assertThat(updates.get(updates.size() - 1).param("blocks")).doesNotContain(SlackDeployThread.APPROVE);

        List<AuditLog.Entry> audit = bot.audit.recent(20);
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("UCAROL");
            assertThat(e.action()).isEqualTo("approve");
        });
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("UALICE");
            assertThat(e.action()).isEqualTo("approve-refused");
        });
    }
}
