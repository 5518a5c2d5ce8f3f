package dev.bmo.bot.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.CommandRequest;
import dev.bmo.bot.command.Reply;
import dev.bmo.bot.deploy.DeployListener;
import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.deploy.DeploySummary;
import dev.bmo.bot.deploy.HealthProbe;
import dev.bmo.bot.fleet.ActuatorClient;
import dev.bmo.bot.history.DeployHistory;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Three simulated resizer hosts behind HAProxy, deployed for real (build, package, publish, Ansible)
 * from a clone of this repository of the caller's own, on which it makes commits as a developer would;
 * a local S3 with three photos; a BMO whose environment {@code first} rolls out all hosts at once
 * without analysis, and {@code canary} (and {@code quiet}) one host per batch with a short canary analysis. For the canary
 * test and the canary benchmark.
 */
public final class CanaryFleet implements AutoCloseable {

    public static final String TOKEN = "canary-test-token";
    private static final String SECRET = "canary-test-secret-0123456789abcdef";

    public final Path clone;
    public final String base;
    public final int[] ports;
    public final int front;
    public final HealthProbe probe;
    public final TestBot bot;
    /** The signed apt repository the deploys publish to. */
    public final Path aptDir;
    private final Path hostsRoot;
    private final LocalS3Server s3;
    private final List<String> keys = new ArrayList<>();

    private CanaryFleet(Path dir, String analysis, String quietAnalysis) throws Exception {
        clone = dir.resolve("bmo");
        git(dir, "clone", "-q", TestBot.repoRoot().toString(), clone.toString());
        git(clone, "config", "user.email", "canary@bmo.invalid");
        git(clone, "config", "user.name", "Canary test");
        base = git(clone, "rev-parse", "HEAD").strip();
        hostsRoot = dir.resolve("hosts");
        s3 = LocalS3Server.start("bmo-photos");
        for (int i = 0; i < 3; i++) {
            keys.add("originals/canary-" + i);
            s3.store().put(keys.get(i), jpeg(640 + 64 * i, 480), "image/jpeg", Map.of());
        }
        ports = new int[] {freePort(), freePort(), freePort()};
        front = freePort();
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
                      vars:
                        bmo_warm_up: true
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
                %2$s
                  quiet:
                    inventory: %1$s
                    install: local
                    deployers: ['*']
                    serial: 1
                    analysis:
                %3$s
                """.formatted(inventory, analysis.indent(6).stripTrailing(), quietAnalysis.indent(6).stripTrailing()));
        probe = new HealthProbe(new ActuatorClient(Duration.ofSeconds(3), Optional.of(TOKEN)));
        TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
        aptDir = dir.resolve("apt");
        DeployPipeline pipeline = RealPipeline.forLocalHosts(aptDir, hostsRoot, TOKEN, probe,
                new DeployHistory(db.jdbc()));
        bot = new TestBot(db, clone, catalog, pipeline, dir.resolve("state"), List.of());
    }

    /** The fleet, with the canary environment's {@code analysis:} settings (YAML lines, unindented). */
    public static CanaryFleet create(Path dir, String analysis) throws Exception {
        return new CanaryFleet(dir, analysis, analysis);
    }

    /**
     * The fleet, with a third environment, {@code quiet}: the same hosts, one per batch, judged with its own
     * {@code analysis:} settings (shorter windows for a deploy that is meant to find no traffic).
     */
    public static CanaryFleet create(Path dir, String analysis, String quietAnalysis) throws Exception {
        return new CanaryFleet(dir, analysis, quietAnalysis);
    }

    /** A branch off the base commit whose one commit puts {@code replacement} in place of {@code anchor} in {@code path}. */
    public String change(String branch, String path, String anchor, String replacement, String message)
            throws Exception {
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

    /** Runs a command as root and waits for the deploy it starts. */
    public DeploySummary deploy(String command) throws Exception {
        Reply reply = command(command, e -> { });
        assertThat(reply.ok()).as(reply.text()).isTrue();
        return reply.deploy().done().get(15, TimeUnit.MINUTES);
    }

    public Reply command(String command, DeployListener listener) {
        return bot.core.handle(new CommandRequest(new Caller("root", Set.of()), command, null, "test", listener));
    }

    public String log(DeploySummary s) {
        return String.join("\n", bot.history.log(s.deployId()));
    }

    /**
     * Steady load through HAProxy: every other request a render (a size and quality not asked for before),
     * the others the same few cached sizes, as a CDN origin sees a fresh photo's many sizes and an old
     * photo's usual ones.
     */
    public SteadyLoad load(int perSecond, Duration limit) {
        ImageUrlSigner signer = new ImageUrlSigner(SECRET);
        String origin = "http://127.0.0.1:" + front;
        return new SteadyLoad(n -> {
            String key = keys.get(n % keys.size());
            Map<String, String> params = n % 2 == 0
                    ? Map.of("w", Integer.toString(120 + 100 * (n / 2 % 3)))
                    : Map.of("w", Integer.toString(64 + (n / 2) % 500), "q", Integer.toString(40 + (n / 1000) % 55));
            return URI.create(signer.signedUrl(origin, key, params));
        }, perSecond, limit);
    }

    /** The S3 secret the hosts are given (a deploy's log must never show it). */
    public String s3Secret() {
        return s3.environment().get("BMO_S3_SECRET_KEY");
    }

    /** Every host is UP and runs these commits (resizer-1 first). */
    public void assertCommits(String... commits) {
        for (int i = 0; i < ports.length; i++) {
            HealthProbe.Report r = probe.check("127.0.0.1", ports[i], "/actuator/health", "/actuator/info");
            assertThat(r.up()).as("resizer-" + (i + 1) + ": " + r.describe()).isTrue();
            assertThat(r.commit()).as("resizer-" + (i + 1)).isEqualTo(commits[i]);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            bot.close();
        } finally {
            LocalHosts.stopAll(hostsRoot);
            Path pidfile = hostsRoot.resolveSibling("haproxy/haproxy.pid");
            if (Files.exists(pidfile)) {
                for (String pid : Files.readAllLines(pidfile)) {
                    ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroy);
                }
            }
            s3.close();
        }
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
