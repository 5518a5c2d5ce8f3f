package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.slack.fake.FakeSlack;
import dev.bmo.bot.slack.fake.FakeSlack.Call;
import dev.bmo.bot.slack.fake.FakeSlack.Upload;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A deploy's whole conversation in Slack, through signed HTTP requests, against the fake Slack. */
class SlackDeployConversationTest {

    static final String CHANNEL = "CDEPLOYS";

    FakeSlack slack;
    ScriptedCore core;
    SlackAdapter adapter;
    SlackHttpEndpoint endpoint;
    SlackRequests requests = new SlackRequests(SlackHttpModeTest.SECRET);
    String url;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        core = new ScriptedCore(25);
        SlackSettings settings = new SlackSettings("http", "xoxb-test-bot", null, SlackHttpModeTest.SECRET, null,
                "127.0.0.1", 0, slack.apiUrl(), Duration.ofMillis(300));
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

    void say(String user, String text) throws Exception {
        String body = SlackRequests.messageEvent("Ev" + SlackRequests.SEQ.incrementAndGet(), CHANNEL, user, text,
                SlackHttpModeTest.ts()).toString();
        assertThat(requests.post(url, "application/json", body, SlackRequests.now(), null).statusCode())
                .isEqualTo(200);
    }

    void click(String actionId, long deployId, String user, String messageTs) throws Exception {
        String body = SlackRequests.form(java.util.Map.of("payload",
                SlackRequests.buttonClick(actionId, String.valueOf(deployId), user, CHANNEL, messageTs).toString()));
        assertThat(requests.post(url, "application/x-www-form-urlencoded", body, SlackRequests.now(), null)
                .statusCode()).isEqualTo(200);
    }

    Call statusMessage() {
        return slack.calls("chat.postMessage").stream().filter(c -> c.param("thread_ts") == null).findFirst()
                .orElseThrow();
    }

    String statusTs() {
        return statusMessage().ts();
    }

    @Test
    void aDeployTalksInOneThreadAndAttachesItsLog() throws Exception {
        say("UBOB", "bmo deploy resizer");
        await().atMost(30, TimeUnit.SECONDS).until(() -> !slack.uploads().isEmpty()
                && !slack.calls("files.completeUploadExternal").isEmpty() && adapter.idle());

        // one status message in the channel, answered at once
        Call status = statusMessage();
        assertThat(status.param("channel")).isEqualTo(CHANNEL);
        assertThat(status.param("text")).contains("Deploy 42").contains("resizer").contains("staging");
        String ts = statusTs();

        // the status message is updated as stages pass, and ends with the result
        List<Call> updates = slack.calls("chat.update");
        assertThat(updates).isNotEmpty().allSatisfy(u -> assertThat(u.param("ts")).isEqualTo(ts));
        assertThat(updates.size()).isGreaterThanOrEqualTo(2);
        assertThat(updates.stream().map(u -> u.param("text")))
                .anySatisfy(t -> assertThat(t).contains("*running* (stage ").contains(":white_check_mark: build"));
        Call last = updates.get(updates.size() - 1);
        assertThat(last.param("text")).contains("succeeded").contains("1.4.42");

        // progress goes into the thread, batched: fewer messages than progress lines
        List<Call> thread = slack.threadReplies(ts);
        String threadText = String.join("\n", thread.stream().map(c -> c.param("text")).toList());
        assertThat(threadText).contains("stage *build* started").contains("task install package")
                .contains("resizer-2: ok").contains("*Deploy 42 succeeded*");
        int progressLines = 7 * 2 + 3 + 9;
        assertThat(thread.size()).isLessThan(progressLines);

        // every message carries the words people search for
        for (Call c : thread) {
            assertThat(c.param("text")).contains("deploy 42").contains("resizer").contains("staging")
                    .contains("UBOB");
        }
        assertThat(thread.get(thread.size() - 1).param("text")).contains("version 1.4.42")
                .contains("commit 0123456789ab").contains("result succeeded");
        assertThat(last.param("blocks")).contains("deploy 42").contains("version 1.4.42")
                .contains("result succeeded");

        // the full log is attached to the thread with the files upload v2 flow
        assertThat(slack.methods()).containsSubsequence("files.getUploadURLExternal", "files.completeUploadExternal");
        Upload log = slack.uploads().get(0);
        assertThat(log.filename()).isEqualTo("bmo-deploy-42-resizer-staging.log");
        assertThat(log.text()).contains("verify output line 2 of deploy 42").contains("resizer-3: wait for health ok");
        Call complete = slack.calls("files.completeUploadExternal").get(0);
        assertThat(complete.param("channel_id")).isEqualTo(CHANNEL);
        assertThat(complete.param("thread_ts")).isEqualTo(ts);
        assertThat(complete.param("initial_comment")).contains("deploy 42").contains("result succeeded");

        // never more than one write per interval into the channel
        assertPaced(slack.calls(), Duration.ofMillis(300));
    }

    static void assertPaced(List<Call> calls, Duration interval) {
        List<Call> writes = calls.stream().filter(c -> c.method().equals("chat.postMessage")
                || c.method().equals("chat.update") || c.method().equals("files.getUploadURLExternal")).toList();
        for (int i = 1; i < writes.size(); i++) {
            Duration gap = Duration.between(writes.get(i - 1).at(), writes.get(i).at());
            assertThat(gap).as("gap before write %d (%s)", i, writes.get(i).method())
                    .isGreaterThanOrEqualTo(interval.minusMillis(20));
        }
    }

    @Test
    void aProductionDeployWaitsForASecondPersonsApproval() throws Exception {
        slack.userGroup("release-managers", "UCAROL");
        say("UALICE", "bmo deploy resizer to production");
        await().atMost(10, TimeUnit.SECONDS).until(() -> core.deploysStarted.get() == 1 && adapter.idle());

        String ts = statusTs();
        await().atMost(5, TimeUnit.SECONDS).until(() -> !slack.calls("chat.update").isEmpty() && adapter.idle());
        Call waiting = slack.calls("chat.update").get(slack.calls("chat.update").size() - 1);
        assertThat(waiting.param("ts")).isEqualTo(ts);
        assertThat(waiting.param("text")).contains("awaiting approval").contains("@release-managers")
                .contains("a second person must approve");
        assertThat(waiting.param("blocks")).contains(SlackDeployThread.APPROVE).contains(SlackDeployThread.REJECT);

        // the requester cannot approve their own deploy, and is told why
        click(SlackDeployThread.APPROVE, 42, "UALICE", ts);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !slack.calls("chat.postEphemeral").isEmpty());
        Call why = slack.calls("chat.postEphemeral").get(0);
        assertThat(why.param("user")).isEqualTo("UALICE");
        assertThat(why.param("text")).contains("cannot approve their own deploy");
        assertThat(slack.threadReplies(ts).stream().map(c -> c.param("text")))
                .noneMatch(t -> t.contains("approved by"));

        // someone who may not deploy there cannot approve either
        click(SlackDeployThread.APPROVE, 42, "UBOB", ts);
        await().atMost(10, TimeUnit.SECONDS).until(() -> slack.calls("chat.postEphemeral").size() == 2);
        assertThat(slack.calls("chat.postEphemeral").get(1).param("text")).contains("UBOB may not approve");

        // a second person (in the approvers' Slack group) approves: the deploy goes on
        click(SlackDeployThread.APPROVE, 42, "UCAROL", ts);
        await().atMost(30, TimeUnit.SECONDS).until(() -> !slack.uploads().isEmpty() && adapter.idle());
        String thread = String.join("\n", slack.threadReplies(ts).stream().map(c -> c.param("text")).toList());
        assertThat(thread).contains("approved by <@UCAROL>").contains("*Deploy 42 succeeded*")
                .contains("Requested by UALICE, approved by UCAROL."); // a success notifies nobody
        List<Call> updates = slack.calls("chat.update");
        Call last = updates.get(updates.size() - 1);
        assertThat(last.param("text")).contains("succeeded");
        assertThat(last.param("blocks")).doesNotContain(SlackDeployThread.APPROVE);

        // the decision and who made it are in the audit, the refused attempt too
        assertThat(core.audit).contains(new ScriptedCore.Audit("UCAROL", "approve", 42),
                new ScriptedCore.Audit("UALICE", "approve-refused", 42));
        assertThat(core.deploysStarted.get()).isEqualTo(1);
    }

    @Test
    void aRejectedDeployEndsWithoutRunning() throws Exception {
        slack.userGroup("release-managers", "UCAROL");
        say("UALICE", "bmo deploy resizer to production");
        await().atMost(10, TimeUnit.SECONDS).until(() -> core.deploysStarted.get() == 1 && adapter.idle());
        String ts = statusTs();
        click(SlackDeployThread.REJECT, 42, "UCAROL", ts);
        await().atMost(15, TimeUnit.SECONDS).until(() -> !slack.uploads().isEmpty() && adapter.idle());
        String thread = String.join("\n", slack.threadReplies(ts).stream().map(c -> c.param("text")).toList());
        assertThat(thread).contains("rejected by <@UCAROL>: not today").doesNotContain("stage *build*");
        assertThat(core.audit).contains(new ScriptedCore.Audit("UCAROL", "reject", 42));
    }
}
