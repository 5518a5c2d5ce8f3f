package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.support.BmoProcess;
import dev.bmo.bot.support.TestRepo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: BMO runs as its own process, is killed with SIGKILL while its build runs, and a
 * new BMO on the same database finds the deploy, marks it interrupted, stops the build it left
 * behind and frees the lock.
 */
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void aBmoKilledInTheMiddleOfADeployLeavesNothingRunningForever() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        repo.buildHangs(); // its packaging/build-artifacts hangs, as a slow Maven build would
        Path state = dir.resolve("state");
        // the default database: H2 in the state directory
        Map<String, String> env = Map.of("BMO_REPO", repo.dir.toString(), "BMO_CATALOG", "catalog.yml",
                "BMO_STATE_DIR", state.toString());

        Process first = bmo(env, "deploy tiny");
        try {
            List<String> seen = new ArrayList<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                seen.add(line);
                if (line.contains("build: packaging/build-artifacts")) {
                    break;
                }
            }
            assertThat(seen).as("BMO reached the build: %s", seen)
                    .anyMatch(l -> l.contains("build: packaging/build-artifacts"));
            Path buildPid = state.resolve("deploys/1/build.pid");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(buildPid)
                    && !Files.readString(buildPid).isBlank());
            ProcessHandle build = ProcessHandle.of(Long.parseLong(Files.readString(buildPid).strip())).orElseThrow();

            // a second BMO while the first one deploys shares its database
            Process meanwhile = bmo(env, "locks");
            String held = new String(meanwhile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(meanwhile.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(held).contains("tiny").contains("test").contains("deploy #1 running");

            first.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
            first.waitFor(30, TimeUnit.SECONDS);
            assertThat(build.isAlive()).as("the build outlives the BMO that started it").isTrue();

            Process second = bmo(env, "deploys tiny");
            String text = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(text).isZero();
            assertThat(text).contains("Note: deploy #1 (deploy of tiny to test by")
                    .contains("interrupted: BMO restarted while it ran; the lock is released (stopped 1 leftover"
                            + " process(es))")
                    .containsPattern("#1 .* interrupted");
            await().atMost(Duration.ofSeconds(10)).until(() -> !build.isAlive());
            assertThat(state.resolve("deploys/1/src")).as("the build's worktree is removed").doesNotExist();
            assertThat(repo.git("worktree", "list")).doesNotContain("deploys/1/src");

            Process third = bmo(env, "locks");
            String locks = new String(third.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            third.waitFor(60, TimeUnit.SECONDS);
            assertThat(locks).contains("No locks.").doesNotContain("Note:");
        } finally {
            // whatever happened above, nothing of this test keeps running
            first.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly();
            BmoProcess.killNoted(state.resolve("deploys"));
        }
    }

    private static Process bmo(Map<String, String> env, String command) throws Exception {
        return BmoProcess.start(env, null, "-c", command);
    }
}
