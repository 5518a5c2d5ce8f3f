package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.slack.fake.FakeSlack;
import dev.bmo.bot.slack.fake.FakeSlack.Call;
import dev.bmo.bot.support.BmoProcess;
import dev.bmo.bot.support.QuickStage;
import dev.bmo.bot.support.TestBot;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.bot.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two BMO processes on PostgreSQL: the Slack BMO (here, in the test's JVM, talking to the fake
 * Slack) takes a deploy request that needs approval; bob approves it from the shell, a BMO process
 * of its own ({@code bmo -c "approve 1"}), which runs the deploy. The Slack thread follows it from
 * the database: the approval and each stage as it ends. Then the shell BMO is killed (SIGKILL) in
 * the middle of its build; the Slack BMO takes the orphan over, stops the build it left behind, and
 * its thread says the deploy was interrupted.
 */
@Tag("slow") // two BMOs and a Slack server: ./test --fast leaves it out
class SlackFollowsAnotherBmoTest {

    @TempDir
    Path dir;

    @Test
    void aDeployApprovedFromTheShellAndThenOrphanedKeepsItsSlackThreadUpToDate() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        repo.buildHangs(); // its packaging/build-artifacts hangs, as a slow Maven build would
        Path state = dir.resolve("state");
        TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
        Process shell = null;
        try (FakeSlack slack = new FakeSlack()) {
            // the Slack BMO: a worker (it runs the queue and takes over orphans); its own pipeline never runs here
            TestBot bot = new TestBot(db, repo.dir, repo.dir.resolve("catalog.yml"),
                    new DeployPipeline(List.of(new QuickStage("build"))), state, List.of());
            SlackSettings settings = new SlackSettings("http", "xoxb-test-bot", null, SlackHttpModeTest.SECRET, null,
                    "127.0.0.1", 0, slack.apiUrl(), Duration.ofMillis(100));
            SlackAdapter adapter = new SlackAdapter(settings, bot.core::handle);
            SlackHttpEndpoint endpoint = new SlackHttpEndpoint(adapter, "127.0.0.1", 0);
            try {
                String url = "http://127.0.0.1:" + endpoint.port() + SlackHttpEndpoint.PATH;
                String body = SlackRequests.messageEvent("EvF1", "CDEPLOYS", "alice", "bmo deploy tiny to guarded",
                        SlackHttpModeTest.ts()).toString();
                assertThat(post(url, body)).isEqualTo(200);
                await().atMost(10, TimeUnit.SECONDS).until(() -> deploy(bot).isPresent()
                        && deploy(bot).get().status() == DeployStatus.AWAITING_APPROVAL && adapter.idle());
                long id = deploy(bot).get().id();
                String ts = slack.calls("chat.postMessage").stream().filter(c -> c.param("thread_ts") == null)
                        .findFirst().orElseThrow().ts();
                assertThat(thread(slack, ts)).contains("waiting for approval").contains("\"a build that hangs\"");

                // bob approves from the shell: that BMO process runs the deploy
                shell = BmoProcess.start(Map.of("BMO_REPO", repo.dir.toString(), "BMO_CATALOG", "catalog.yml",
                        "BMO_STATE_DIR", state.toString(), "BMO_DB_URL", db.jdbcUrl(), "BMO_DB_USER", "postgres"),
                        "bob", dir.resolve("shell.log"), "-c", "approve " + id);
                Path buildPid = state.resolve("deploys/" + id + "/build.pid");
                await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(buildPid)
                        && !Files.readString(buildPid).isBlank());
                ProcessHandle build = ProcessHandle.of(Long.parseLong(Files.readString(buildPid).strip()))
                        .orElseThrow();
                await().atMost(10, TimeUnit.SECONDS).until(() -> thread(slack, ts).contains("[checks] passed"));
                assertThat(thread(slack, ts)).contains("approved by <@bob>").contains("[resolve] passed");
                DeployRecord running = deploy(bot).orElseThrow();
                assertThat(running.status()).as("log: %s\naudit: %s", bot.history.log(id), bot.audit.recent(10))
                        .isEqualTo(DeployStatus.RUNNING);
                assertThat(running.approvedBy()).isEqualTo("bob");

                // the shell BMO dies mid-build: the Slack BMO takes the deploy over and says so in its thread
                shell.toHandle().destroyForcibly();
                shell.waitFor(30, TimeUnit.SECONDS);
                await().atMost(20, TimeUnit.SECONDS).until(() -> deploy(bot).get().status()
                        == DeployStatus.INTERRUPTED);
                await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(lastUpdate(slack))
                        .as("thread: %s", thread(slack, ts)).contains("interrupted"));
                await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(thread(slack, ts))
                        .contains("interrupted: BMO restarted while it ran").contains("stopped 1 leftover process(es)"));
                await().atMost(10, TimeUnit.SECONDS).until(() -> !build.isAlive());
                assertThat(bot.locks.all()).isEmpty();
            } finally {
                endpoint.close();
                adapter.close();
                bot.closeServiceOnly();
            }
        } finally {
            if (shell != null) {
                shell.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                shell.destroyForcibly();
            }
            BmoProcess.killNoted(state.resolve("deploys"));
            db.close();
        }
    }

    private static java.util.Optional<DeployRecord> deploy(TestBot bot) {
        return bot.history.list("tiny", "guarded", 5).stream().findFirst();
    }

    private static String thread(FakeSlack slack, String ts) {
        return String.join("\n", slack.threadReplies(ts).stream().map(c -> c.param("text")).toList());
    }

    private static String lastUpdate(FakeSlack slack) {
        List<Call> updates = slack.calls("chat.update");
        return updates.isEmpty() ? "" : updates.get(updates.size() - 1).param("text");
    }

    private static int post(String url, String body) throws Exception {
        return new SlackRequests(SlackHttpModeTest.SECRET).post(url, "application/json", body, SlackRequests.now(),
                null).statusCode();
    }
}
