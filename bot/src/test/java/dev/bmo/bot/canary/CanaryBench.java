package dev.bmo.bot.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.DeploySummary;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.support.CanaryFleet;
import dev.bmo.bot.support.SteadyLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary analysis' figures (bench/canary/run; not part of ./test): on the fleet of {@link CanaryFleet}
 * under steady load, (1) false rollbacks in {@code bench.deploys} harmless deploys (two harmless
 * commits built once, then rolled back and forth: every deploy is judged batch by batch), and (2) the
 * time from a bad batch rejoining the pool to its verdict and to its rollback, for the slow and the
 * failing release of {@link CanaryRolloutTest}. Prints lines starting with BENCH.
 */
class CanaryBench {

    static final String ANALYSIS = """
            warmup: 5s
            window: 20s
            max_window: 60s
            interval: 1s
            min_requests: 200
            pause_timeout: 1m
            """;

    @TempDir
    Path dir;

    @Test
    void figures() throws Exception {
        int deploys = Integer.getInteger("bench.deploys", 20);
        int rate = Integer.getInteger("bench.rate", 40);
        say("settings: " + ANALYSIS.strip().replace("\n", ", ") + "; load " + rate + " req/s through HAProxy, half renders");
        try (CanaryFleet fleet = CanaryFleet.create(dir, ANALYSIS)) {
            String a = CanaryRolloutTest.harmless(fleet, "harmless-a");
            String b = fleet.change("harmless-b", CanaryRolloutTest.FILTER, CanaryRolloutTest.REQUEST,
                    "        // the cache answers first\n" + CanaryRolloutTest.REQUEST, "Resizer: another comment");
            String slow = fleet.change("slow", CanaryRolloutTest.SERVICE, CanaryRolloutTest.MISS,
                    CanaryRolloutTest.MISS + "        try {\n            Thread.sleep(150);\n        } catch "
                            + "(InterruptedException e) {\n            Thread.currentThread().interrupt();\n        }\n",
                    "Resizer: wait 150 ms before every render");
            String failing = fleet.change("failing", CanaryRolloutTest.FILTER, CanaryRolloutTest.REQUEST,
                    "        if (java.util.concurrent.ThreadLocalRandom.current().nextInt(20) == 0) {\n"
                            + "            response.sendError(500);\n            return;\n        }\n"
                            + CanaryRolloutTest.REQUEST, "Resizer: answer 500 to one image request in twenty");
            assertThat(fleet.deploy("deploy resizer/" + fleet.base.substring(0, 12) + " to first").status())
                    .isEqualTo(DeployStatus.SUCCEEDED);
            try (SteadyLoad load = fleet.load(rate, Duration.ofMinutes(120))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> load.count(200) > 100);
                for (String[] bad : List.of(new String[] {"slow", slow}, new String[] {"failing", failing})) {
                    timeToRollback(fleet, bad[0]);
                }
                int falseRollbacks = 0;
                int singleFails = 0;
                int passes = 0;
                List<String> outcomes = new ArrayList<>();
                for (int i = 0; i < deploys; i++) {
                    String command = i == 0 ? "deploy resizer/harmless-a" : i == 1 ? "deploy resizer/harmless-b"
                            : "rollback resizer in canary";
                    long t0 = System.nanoTime();
                    DeploySummary s = fleet.deploy(command);
                    String log = fleet.log(s);
                    int pass = count(log, "[analysis] verdict PASS");
                    int fail = count(log, "[analysis] verdict FAIL");
                    passes += pass;
                    singleFails += fail;
                    boolean rolledBack = s.status() != DeployStatus.SUCCEEDED;
                    if (rolledBack) {
                        falseRollbacks++;
                    }
                    String line = String.format(Locale.ROOT, "harmless deploy %d/%d (%s, %s): %s in %.0f s, %d PASS, %d FAIL%s",
                            i + 1, deploys, command, s.commit().substring(0, 7), s.status().word(),
                            (System.nanoTime() - t0) / 1e9, pass, fail, rolledBack ? " — " + s.detail() : "");
                    outcomes.add(line);
                    say(line);
                }
                say("false rollbacks: " + falseRollbacks + " of " + deploys + " harmless deploys (" + passes
                        + " batch verdicts PASS, " + singleFails + " single FAILs re-checked)");
                say("load: " + load);
            }
            assertThat(a).isNotEqualTo(b);
        }
    }

    /** Deploys a bad release and says how long from its batch rejoining the pool to the verdict and to the rollback's end. */
    private static void timeToRollback(CanaryFleet fleet, String branch) throws Exception {
        List<DeployEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        var reply = fleet.command("deploy resizer/" + branch, events::add);
        DeploySummary s = reply.deploy().done().get(15, TimeUnit.MINUTES);
        Instant back = at(events, "is back in the pool");
        Instant decided = at(events, "rolling batch");
        Instant done = events.stream().filter(e -> e instanceof DeployEvent.StageFinished f && f.stage().equals("deploy"))
                .map(DeployEvent::at).findFirst().orElse(null);
        String verdict = fleet.log(s).lines().filter(l -> l.contains("[analysis] verdict")).reduce((x, y) -> y)
                .orElse("(no verdict)");
        say(String.format(Locale.ROOT, "%s release: %s; batch back in the pool → verdict %.1f s, → rolled back %.1f s; %s",
                branch, s.status().word(), secs(back, decided), secs(back, done), verdict.replaceAll(".*\\[analysis\\] ", "")));
    }

    private static Instant at(List<DeployEvent> events, String text) {
        synchronized (events) {
            return events.stream().filter(e -> e instanceof DeployEvent.LogLine l && l.line().contains(text))
                    .map(DeployEvent::at).findFirst().orElse(null);
        }
    }

    private static double secs(Instant a, Instant b) {
        return a == null || b == null ? Double.NaN : Duration.between(a, b).toMillis() / 1000.0;
    }

    private static int count(String log, String what) {
        return log.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    private static void say(String line) {
        System.out.println("BENCH " + line);
    }
}
