package dev.bmo.bot.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.support.BmoProcess;
import dev.bmo.bot.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bmo serve} is the worker a team without Slack runs: one-shot {@code bmo -c} processes only
 * do what they were asked; the queued deploy of a one-shot that went away, and the deploy of a
 * one-shot killed mid-build, are handled by the serving BMO (taken over, then started from the
 * queue), which prints what happens.
 */
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class ServeTest {

    @TempDir
    Path dir;

    @Test
    void theServingBmoTakesOverAnOrphanAndStartsTheQueuedDeployNobodyElseRuns() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        repo.buildHangs(); // its packaging/build-artifacts hangs, as a slow Maven build would
        Path state = dir.resolve("state");
        Map<String, String> env = new HashMap<>(Map.of("BMO_REPO", repo.dir.toString(), "BMO_CATALOG", "catalog.yml",
                "BMO_STATE_DIR", state.toString(), "BMO_QUEUE_POLL", "300ms", "BMO_MANAGEMENT_PORT", "0"));
        Path served = dir.resolve("serve.log");
        Process first = null;
        Process queued = null;
        Process serve = null;
        try {
            first = BmoProcess.start(env, "alice", dir.resolve("first.log"), "-c", "deploy tiny");
            Path build1 = state.resolve("deploys/1/build.pid");
            await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(build1) && !Files.readString(build1).isBlank());
            queued = BmoProcess.start(env, "bob", dir.resolve("queued.log"), "-c", "deploy tiny queue");
            Path queuedLog = dir.resolve("queued.log");
            await().atMost(60, TimeUnit.SECONDS).until(() -> Files.readString(queuedLog).contains("is queued"));
            queued.toHandle().destroyForcibly(); // its requester went away: the queued deploy stays in the database
            queued.waitFor(30, TimeUnit.SECONDS);

            serve = BmoProcess.start(env, "ops", served, "serve");
            await().atMost(60, TimeUnit.SECONDS).until(() -> Files.readString(served).contains("BMO is serving"));
            assertThat(state.resolve("deploys/2")).as("the serving BMO leaves a deploy that runs alone")
                    .doesNotExist();

            first.toHandle().destroyForcibly(); // the deploy running in the first one-shot is orphaned
            first.waitFor(30, TimeUnit.SECONDS);
            Path build2 = state.resolve("deploys/2/build.pid");
            await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(build2) && !Files.readString(build2).isBlank());
            String out = Files.readString(served);
            assertThat(out).contains("#1 deploy of tiny to test: INTERRUPTED")
                    .contains("interrupted: BMO restarted while it ran; the lock is released (stopped 1 leftover")
                    .contains("#2 started").contains("[resolve] passed");
            ProcessHandle oldBuild = ProcessHandle.of(Long.parseLong(Files.readString(build1).strip())).orElse(null);
            await().atMost(10, TimeUnit.SECONDS).until(() -> oldBuild == null || !oldBuild.isAlive());

            serve.destroy(); // SIGTERM: it cancels what it runs and exits
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            await().atMost(10, TimeUnit.SECONDS).until(() -> Files.readString(served).contains("#2 deploy of tiny"));
            assertThat(Files.readString(served)).contains("CANCELLED");
        } finally {
            for (Process p : new Process[] {first, queued, serve}) {
                if (p != null) {
                    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            }
            BmoProcess.killNoted(state.resolve("deploys"));
        }
    }
}
