package dev.bmo.bot.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.ansible.AnsibleRunner;
import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.CommandRequest;
import dev.bmo.bot.command.Reply;
import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.deploy.DeploySummary;
import dev.bmo.bot.deploy.HealthProbe;
import dev.bmo.bot.deploy.stage.BuildStage;
import dev.bmo.bot.deploy.stage.ChecksStage;
import dev.bmo.bot.deploy.stage.PackageStage;
import dev.bmo.bot.deploy.stage.PublishStage;
import dev.bmo.bot.deploy.stage.RecordStage;
import dev.bmo.bot.deploy.stage.ResolveStage;
import dev.bmo.bot.deploy.stage.RolloutStage;
import dev.bmo.bot.deploy.stage.VerifyStage;
import dev.bmo.bot.fleet.ActuatorClient;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.support.LocalHosts;
import dev.bmo.bot.support.SteadyLoad;
import dev.bmo.bot.support.TestBot;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.imageurls.ImageUrlSigner;
import dev.bmo.storage.testing.LocalS3Server;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad releases built the way a user makes them: in this test's own clone of the repository, one
 * commit makes the resizer sleep 150 ms on every image request, another answers 500 to one request
 * in twenty, a third only changes a comment. Each is deployed for real (build, package, publish,
 * Ansible) to three simulated resizer hosts behind HAProxy, one host per batch, under steady load
 * through HAProxy. The slow and the failing ones are rolled back after the first batch with their
 * verdict and numbers in the log, the other hosts never updated; the harmless one passes on every
 * batch; a deploy without traffic cannot be judged and pauses until a person answers.
 */
@Tag("slow") // minutes of real builds and rollouts: ./test --fast leaves it out
class CanaryRolloutTest {

    private static final String TOKEN = "canary-test-token";
    private static final String SECRET = "canary-test-secret-0123456789abcdef";
    private static final String SERVICE = "services/resizer/src/main/java/dev/bmo/resizer/serving/ImageService.java";
    private static final String MISS = "        misses.increment();\n";
    private static final String FILTER = "services/resizer/src/main/java/dev/bmo/resizer/web/CacheHitFilter.java";
    private static final String REQUEST = "        long started = System.nanoTime();\n        Answer answer = answer(request, response);\n";

    @TempDir
    Path dir;
    private Path hostsRoot;

    @AfterEach
    void stopFleet() throws IOException {
        if (hostsRoot != null) {
            LocalHosts.stopAll(hostsRoot);
            Path pidfile = hostsRoot.resolveSibling("haproxy/haproxy.pid");
            if (Files.exists(pidfile)) {
                for (String pid : Files.readAllLines(pidfile)) {
                    ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroy);
                }
            }
        }
    }

    @Test
    void badReleasesRollBackAfterTheFirstBatchAHarmlessOnePassesAndNoTrafficPauses() throws Exception {
        Path clone = dir.resolve("bmo");
        git(dir, "clone", "-q", TestBot.repoRoot().toString(), clone.toString());
        git(clone, "config", "user.email", "canary@bmo.invalid");
        git(clone, "config", "user.name", "Canary test");
        String base = git(clone, "rev-parse", "HEAD").strip();
        String slow = change(clone, base, "slow", SERVICE, MISS, MISS + "        try {\n            Thread.sleep(150);\n"
                + "        } catch (InterruptedException e) {\n            Thread.currentThread().interrupt();\n        }\n",
                "Resizer: wait 150 ms before every render");
        String failing = change(clone, base, "failing", FILTER, REQUEST,
                "        if (java.util.concurrent.ThreadLocalRandom.current().nextInt(20) == 0) {\n"
                + "            response.sendError(500);\n            return;\n        }\n" + REQUEST,
                "Resizer: answer 500 to one image request in twenty");
        String harmless = change(clone, base, "harmless", FILTER, REQUEST,
                "        // cached renders are answered here, before Spring MVC\n" + REQUEST, "Resizer: a comment");

        hostsRoot = dir.resolve("hosts");
        try (LocalS3Server s3 = LocalS3Server.start("bmo-photos")) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                keys.add("originals/canary-" + i);
                s3.store().put(keys.get(i), jpeg(640 + 64 * i, 480), "image/jpeg", Map.of());
            }
            int[] ports = {freePort(), freePort(), freePort()};
            int front = freePort();
            StringBuilder env = new StringBuilder();
            s3.environment().forEach((k, v) -> env.append(k).append(": \"").append(v).append("\", "));
            env.append("BMO_RESIZER_SECRET: \"").append(SECRET).append('"');
            Path inventory = dir.resolve("hosts.yml");
            Files.writeString(inventory, """
                    all:
                      vars:
                        ansible_connection: local
                        ansible_python_interpreter: /usr/bin/python3
                        bmo_java_opts: ["-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
                        bmo_health_retries: 150
                        bmo_service_env: {%s}
                        bmo_load_balancer: true
                        bmo_lb_frontends: {resizer: %d}
                      children:
                        resizer:
                          hosts:
                            resizer-1: {http_port: %d}
                            resizer-2: {http_port: %d}
                            resizer-3: {http_port: %d}
                    """.formatted(env, front, ports[0], ports[1], ports[2]));
            Path catalog = dir.resolve("catalog.yml");
            Files.writeString(catalog, """
                    services:
                      resizer:
                        module: services/resizer
                        package: bmo-resizer
                        port: 8082
                        port_env: BMO_RESIZER_PORT
                        jar: opt/bmo/resizer/bmo-resizer.jar
                        default_env: canary
                    environments:
                      first:
                        inventory: %1$s
                        install: local
                        deployers: ['*']
                        serial: 3
                      canary:
                        inventory: %1$s
                        install: local
                        deployers: ['*']
                        serial: 1
                        analysis:
                          warmup: 3s
                          window: 15s
                          max_window: 30s
                          interval: 1s
                          min_requests: 100
                          pause_timeout: 3m
                          latency: {min_samples: 10}
                    """.formatted(inventory));
            HealthProbe probe = new HealthProbe(new ActuatorClient(Duration.ofSeconds(3), Optional.of(TOKEN)));
            TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
            Path root = TestBot.repoRoot();
            try (TestBot bot = new TestBot(db, clone, catalog, pipeline(root, probe, db), dir.resolve("state"),
                    List.of())) {
                DeploySummary first = deploy(bot, "deploy resizer/" + base.substring(0, 12) + " to first");
                assertThat(first.status()).as(log(bot, first)).isEqualTo(DeployStatus.SUCCEEDED);

                // every other request a render (a size and quality not asked for before), the others the same few
                // cached sizes, as a CDN origin sees a fresh photo's many sizes and an old photo's usual ones
                ImageUrlSigner signer = new ImageUrlSigner(SECRET);
                String origin = "http://127.0.0.1:" + front;
                try (SteadyLoad load = new SteadyLoad(n -> {
                    String key = keys.get(n % keys.size());
                    Map<String, String> params = n % 2 == 0
                            ? Map.of("w", Integer.toString(120 + 100 * (n / 2 % 3)))
                            : Map.of("w", Integer.toString(64 + (n / 2) % 500), "q", Integer.toString(40 + (n / 1000) % 55));
                    return URI.create(signer.signedUrl(origin, key, params));
                }, 40, Duration.ofMinutes(25))) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> load.count(200) > 100);

                    DeploySummary s = deploy(bot, "deploy resizer/slow");
                    String text = log(bot, s);
                    assertThat(s.status()).as(text).isEqualTo(DeployStatus.FAILED);
                    assertThat(s.detail()).as(text).contains("rolled batch 1/3 (resizer-1) back")
                            .contains("CRITICAL").contains("2 host(s) never updated");
                    assertThat(text).contains("[analysis] verdict CRITICAL").contains("latency median");
                    assertCommits(probe, ports, base, base, base);

                    s = deploy(bot, "deploy resizer/failing");
                    text = log(bot, s);
                    assertThat(s.status()).as(text).isEqualTo(DeployStatus.FAILED);
                    assertThat(s.detail()).as(text).contains("rolled batch 1/3 (resizer-1) back");
                    assertThat(text).containsPattern("\\[analysis\\] 5xx [0-9]+/[0-9,]+ [0-9.]+% vs")
                            .containsAnyOf("verdict FAIL", "verdict CRITICAL");
                    assertCommits(probe, ports, base, base, base);

                    s = deploy(bot, "deploy resizer/harmless");
                    text = log(bot, s);
                    assertThat(s.status()).as(text).isEqualTo(DeployStatus.SUCCEEDED);
                    assertThat(text.split("\\[analysis\\] verdict PASS", -1)).as(text).hasSize(4);
                    assertThat(text).contains("its own traffic before the update");
                    assertCommits(probe, ports, harmless, harmless, harmless);

                    // no traffic: the first batch cannot be judged, the rollout pauses; continue lets it go on,
                    // and rollback at the second pause puts that batch back
                    load.pause();
                    List<DeployEvent> events = Collections.synchronizedList(new ArrayList<>());
                    Reply reply = bot.core.handle(new CommandRequest(new Caller("root", Set.of()),
                            "deploy resizer/" + base.substring(0, 12), null, "test", events::add));
                    assertThat(reply.ok()).as(reply.text()).isTrue();
                    long id = reply.deploy().id();
                    awaitPause(events, 1);
                    assertThat(answer(bot, "continue " + id).text()).contains("goes on");
                    awaitPause(events, 2);
                    assertThat(answer(bot, "rollback " + id).text()).contains("back");
                    s = reply.deploy().done().get(5, TimeUnit.MINUTES);
                    text = log(bot, s);
                    assertThat(s.status()).as(text).isEqualTo(DeployStatus.FAILED);
                    assertThat(s.detail()).as(text).contains("rolled batch 2/3 (resizer-2) back")
                            .contains("a person said rollback").contains("1 host(s) never updated");
                    assertThat(text).contains("verdict INCONCLUSIVE: too little traffic to tell");
                    assertCommits(probe, ports, base, harmless, harmless);
                    assertThat(answer(bot, "continue " + id).text()).contains("already ended");
                    assertThat(load.transportErrors()).as(load.toString()).isZero();
                }
            }
        }
    }

    private DeployPipeline pipeline(Path root, HealthProbe probe, TestDatabase db) {
        return new DeployPipeline(List.of(new ResolveStage(), new ChecksStage(),
                new BuildStage(Map.of("BMO_MAVEN_ARGS", "-o"), Duration.ofMinutes(10)),
                new PackageStage(Duration.ofMinutes(10), Map.of()),
                new PublishStage(Duration.ofMinutes(3), Map.of("BMO_APT_ROOT", dir.resolve("apt").toString())),
                new RolloutStage(new AnsibleRunner("ansible-playbook"), root.resolve("playbooks/deploy.yml"),
                        hostsRoot, Duration.ofMinutes(8), TOKEN),
                new VerifyStage(probe), new RecordStage(new DeployHistory(db.jdbc()))));
    }

    private DeploySummary deploy(TestBot bot, String command) throws Exception {
        Reply reply = bot.core.handle(new CommandRequest(new Caller("root", Set.of()), command, null, "test",
                e -> { }));
        assertThat(reply.ok()).as(reply.text()).isTrue();
        return reply.deploy().done().get(15, TimeUnit.MINUTES);
    }

    private static Reply answer(TestBot bot, String command) {
        return bot.core.handle(new CommandRequest(new Caller("root", Set.of()), command, null, "test", e -> { }));
    }

    private static void awaitPause(List<DeployEvent> events, int count) {
        await().atMost(Duration.ofMinutes(3)).until(() -> {
            synchronized (events) {
                return events.stream().filter(e -> e instanceof DeployEvent.Paused).count() >= count;
            }
        });
    }

    private static String log(TestBot bot, DeploySummary s) {
        return String.join("\n", bot.history.log(s.deployId()));
    }

    private static void assertCommits(HealthProbe probe, int[] ports, String... commits) {
        for (int i = 0; i < ports.length; i++) {
            HealthProbe.Report r = probe.check("127.0.0.1", ports[i], "/actuator/health", "/actuator/info");
            assertThat(r.up()).as("resizer-" + (i + 1) + ": " + r.describe()).isTrue();
            assertThat(r.commit()).as("resizer-" + (i + 1)).isEqualTo(commits[i]);
        }
    }

    /** A branch off {@code base} whose one commit puts {@code replacement} in place of {@code anchor} in {@code path}. */
    private static String change(Path clone, String base, String branch, String path, String anchor,
            String replacement, String message) throws Exception {
        git(clone, "checkout", "-q", "-b", branch, base);
        Path file = clone.resolve(path);
        String source = Files.readString(file);
        assertThat(source).as(path + " still has the lines the test changes").contains(anchor);
        Files.writeString(file, source.replace(anchor, replacement));
        git(clone, "commit", "-q", "-am", message);
        String commit = git(clone, "rev-parse", "HEAD").strip();
        git(clone, "checkout", "-q", base);
        return commit;
    }

    private static String git(Path in, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", in.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(command + ": " + out).isTrue();
        return out;
    }

    private static byte[] jpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40, 120, 200));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(230, 200, 40));
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
