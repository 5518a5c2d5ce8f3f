package dev.bmo.bot.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.command.Reply;
import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.DeploySummary;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.support.CanaryFleet;
import dev.bmo.bot.support.SteadyLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad releases built the way a user makes them: in this test's own clone of the repository, one
 * commit makes the resizer sleep 150 ms before every render, another answers 500 to one image request
 * in twenty, a third only changes a comment. Each is deployed for real (build, package, publish,
 * Ansible) to three simulated resizer hosts behind HAProxy, one host per batch, under steady load
 * through HAProxy (half of it renders). The slow and the failing ones are rolled back after the first
 * batch with their verdict and numbers in the log, the other hosts never updated; the harmless one
 * passes on every batch (each restarted host warmed from a peer first); a deploy without traffic cannot
 * be judged and pauses until a person answers, and installs the package the first deploy built at that
 * commit (build once). The first deploy is also the check of the whole path, once, for real.
 */
@Tag("slow") // minutes of real builds and rollouts: ./test --fast leaves it out
class CanaryRolloutTest {

    static final String SERVICE = "services/resizer/src/main/java/dev/bmo/resizer/serving/ImageService.java";
    static final String MISS = "        misses.increment();\n";
    static final String FILTER = "services/resizer/src/main/java/dev/bmo/resizer/web/CacheHitFilter.java";
    static final String REQUEST = "        long started = System.nanoTime();\n        Answer answer = answer(request, response);\n";
    /**
     * Short windows, so the test takes minutes (the catalog's defaults are 30 s, 2 min and 6 min), but enough
     * requests that one window tells 5% of 5xx apart: with 200 a batch once saw 3 failures (p = 0.037) and passed.
     */
    static final String ANALYSIS = """
            warmup: 3s
            window: 20s
            max_window: 40s
            interval: 1s
            min_requests: 250
            pause_timeout: 3m
            latency: {min_samples: 10}
            """;
    /** For the deploy without traffic: it is meant to find too little, so it need not look for long. */
    static final String QUIET = """
            warmup: 1s
            window: 5s
            max_window: 10s
            interval: 1s
            min_requests: 250
            pause_timeout: 3m
            latency: {min_samples: 10}
            """;

    @TempDir
    Path dir;

    @Test
    void badReleasesRollBackAfterTheFirstBatchAHarmlessOnePassesAndNoTrafficPauses() throws Exception {
        try (CanaryFleet fleet = CanaryFleet.create(dir, ANALYSIS, QUIET)) {
            String base = fleet.base;
            fleet.change("slow", SERVICE, MISS, MISS + "        try {\n            Thread.sleep(150);\n"
                    + "        } catch (InterruptedException e) {\n            Thread.currentThread().interrupt();\n        }\n",
                    "Resizer: wait 150 ms before every render");
            fleet.change("failing", FILTER, REQUEST,
                    "        if (java.util.concurrent.ThreadLocalRandom.current().nextInt(20) == 0) {\n"
                    + "            response.sendError(500);\n            return;\n        }\n" + REQUEST,
                    "Resizer: answer 500 to one image request in twenty");
            String harmless = harmless(fleet, "harmless");

            DeploySummary first = fleet.deploy("deploy resizer/" + base.substring(0, 12) + " to first");
            assertTheWholePathRan(fleet, first);
            try (SteadyLoad load = fleet.load(40, Duration.ofMinutes(25))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> load.count(200) > 100);

                DeploySummary s = fleet.deploy("deploy resizer/slow");
                String text = fleet.log(s);
                assertThat(s.status()).as(text).isEqualTo(DeployStatus.FAILED);
                assertThat(s.detail()).as(text).contains("rolled batch 1/3 (resizer-1) back")
                        .contains("CRITICAL").contains("2 host(s) never updated");
                assertThat(text).contains("[analysis] verdict CRITICAL").contains("latency median");
                fleet.assertCommits(base, base, base);

                s = fleet.deploy("deploy resizer/failing");
                text = fleet.log(s);
                assertThat(s.status()).as(text).isEqualTo(DeployStatus.FAILED);
                assertThat(s.detail()).as(text).contains("rolled batch 1/3 (resizer-1) back");
                assertThat(text).containsPattern("\\[analysis\\] 5xx [0-9]+/[0-9,]+ [0-9.]+% vs")
                        .containsAnyOf("verdict FAIL", "verdict CRITICAL");
                fleet.assertCommits(base, base, base);

                s = fleet.deploy("deploy resizer/harmless");
                text = fleet.log(s);
                assertThat(s.status()).as(text).isEqualTo(DeployStatus.SUCCEEDED);
                assertThat(text.split("\\[analysis\\] verdict PASS", -1)).as(text).hasSize(4);
                assertThat(text).contains("its own traffic before the update");
                // each restarted host replayed a serving peer's hot keys before it rejoined the pool
                assertThat(text).containsPattern("resizer-1: ok - replayed [1-9][0-9]* URIs of resizer-[23] 5 times")
                        .containsPattern("resizer-3: ok - replayed [1-9][0-9]* URIs of resizer-[12] 5 times");
                fleet.assertCommits(harmless, harmless, harmless);

                // no traffic: the first batch cannot be judged and the rollout pauses; continue lets it go on,
                // and rollback at the second pause puts that batch back
                load.pause();
                List<DeployEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
                Reply reply = fleet.command("deploy resizer/" + base.substring(0, 12) + " to quiet", events::add);
                assertThat(reply.ok()).as(reply.text()).isTrue();
                long id = reply.deploy().id();
                awaitPause(events, 1);
                assertThat(fleet.command("continue " + id, e -> { }).text()).contains("goes on");
                awaitPause(events, 2);
                assertThat(fleet.command("rollback " + id, e -> { }).text()).contains("back");
                s = reply.deploy().done().get(5, TimeUnit.MINUTES);
                text = fleet.log(s);
                assertThat(s.status()).as(text).isEqualTo(DeployStatus.FAILED);
                assertThat(s.detail()).as(text).contains("rolled batch 2/3 (resizer-2) back")
                        .contains("a person said rollback").contains("1 host(s) never updated");
                assertThat(text).contains("verdict INCONCLUSIVE: too little traffic to tell")
                        .contains("reusing the package of #" + first.deployId() + " (");
                fleet.assertCommits(base, harmless, harmless);
                assertThat(fleet.command("continue " + id, e -> { }).text()).contains("already ended");
                assertThat(load.transportErrors()).as(load.toString()).isZero();
            }
        }
    }

    /**
     * The first deploy is the whole path once, for real: the commit resolved, the resizer built in a clean
     * worktree (removed afterwards), packaged by packaging/build-artifacts (.deb and OCI image), published to
     * the signed aptly repository, installed from there on every host by Ansible, and verified; no secret
     * of the hosts' settings in its log.
     */
    private static void assertTheWholePathRan(CanaryFleet fleet, DeploySummary s) throws Exception {
        String text = fleet.log(s);
        assertThat(s.status()).as(text).isEqualTo(DeployStatus.SUCCEEDED);
        assertThat(s.commit()).isEqualTo(fleet.base);
        assertThat(s.version()).matches("0\\.1\\.0~SNAPSHOT\\+git[0-9]+\\." + fleet.base.substring(0, 7));
        assertThat(s.stages()).containsOnlyKeys("resolve", "checks", "build", "package", "publish", "deploy", "verify",
                "record");
        fleet.assertCommits(fleet.base, fleet.base, fleet.base);
        for (int port : fleet.ports) {
            assertThat(fleet.probe.check("127.0.0.1", port, "/actuator/health", "/actuator/info").version())
                    .isEqualTo("0.1.0-SNAPSHOT");
        }
        List<String> log = fleet.bot.history.log(s.deployId());
        assertThat(log).anyMatch(l -> l.contains("installing bmo-resizer_") && l.contains("published"));
        assertThat(log).anyMatch(l -> l.contains("[package] passed") && l.contains("image"));
        try (Stream<Path> pool = Files.walk(fleet.aptDir)) {
            assertThat(pool.map(Path::toString)).anyMatch(p -> p.contains("/pool/") && p.endsWith(".deb"));
        }
        assertThat(text).doesNotContain(fleet.s3Secret());
        Path worktree = fleet.bot.stateDir.resolve("deploys/" + s.deployId() + "/src");
        assertThat(worktree).as("the build's worktree is removed").doesNotExist();
        Process list = new ProcessBuilder("git", "-C", fleet.clone.toString(), "worktree", "list").start();
        assertThat(new String(list.getInputStream().readAllBytes())).doesNotContain(worktree.toString());
    }

    /** A commit that changes only a comment of the resizer. */
    static String harmless(CanaryFleet fleet, String branch) throws Exception {
        return fleet.change(branch, FILTER, REQUEST, "        // cached renders are answered here, before Spring MVC\n"
                + REQUEST, "Resizer: a comment");
    }

    private static void awaitPause(List<DeployEvent> events, int count) {
        await().atMost(Duration.ofMinutes(3)).until(() -> {
            synchronized (events) {
                return events.stream().filter(e -> e instanceof DeployEvent.Paused).count() >= count;
            }
        });
    }
}
