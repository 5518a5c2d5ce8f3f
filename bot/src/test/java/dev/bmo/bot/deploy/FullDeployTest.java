package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;


import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.CommandRequest;
import dev.bmo.bot.command.Reply;








import dev.bmo.bot.git.GitRepo;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.support.LocalHosts;
import dev.bmo.bot.support.RealPipeline;
import dev.bmo.bot.support.TestBot;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.storage.testing.LocalS3Server;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path once, for real: {@code deploy resizer/HEAD to local} resolves the commit, builds
 * the resizer in a clean worktree, packages it with packaging/build-artifacts (.deb and OCI image),
 * publishes it to a signed aptly repository with packaging/apt-publish, rolls it out with Ansible
 * to two simulated hosts that install the published file, and checks that both run that commit.
 */
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class FullDeployTest {

    @TempDir
    Path dir;

    @Test
    void deployResizerToLocalBuildsPackagesPublishesRollsOutAndVerifies() throws Exception {
        Path root = TestBot.repoRoot();
        Path hostsRoot = dir.resolve("hosts");
        String head = new GitRepo(root).resolve("HEAD").orElseThrow();
        try (LocalS3Server s3 = LocalS3Server.start("bmo-photos")) {
            int p1 = freePort();
            int p2 = freePort();
            Path inventory = dir.resolve("hosts.yml");
            StringBuilder env = new StringBuilder();
            s3.environment().forEach((k, v) -> env.append(k).append(": \"").append(v).append("\", "));
            Files.writeString(inventory, """
                    all:
                      vars:
                        ansible_connection: local
                        ansible_python_interpreter: /usr/bin/python3
                        bmo_java_opts: ["-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
                        bmo_health_retries: 150
                        bmo_service_env: {%s}
                      children:
                        resizer:
                          hosts:
                            resizer-1: {http_port: %d}
                            resizer-2: {http_port: %d}
                    """.formatted(env, p1, p2));
            Path catalog = dir.resolve("catalog.yml");
            Files.writeString(catalog, """
                    services:
                      resizer:
                        module: services/resizer
                        package: bmo-resizer
                        port: 8082
                        port_env: BMO_RESIZER_PORT
                        jar: opt/bmo/resizer/bmo-resizer.jar
                        default_env: local
                    environments:
                      local:
                        inventory: %s
                        install: local
                        deployers: ['*']
                        serial: 2
                    """.formatted(inventory));
            TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
            DeployHistory history = new DeployHistory(db.jdbc());
            HealthProbe probe = new HealthProbe(Duration.ofSeconds(3));
            DeployPipeline pipeline = RealPipeline.forLocalHosts(dir.resolve("apt"), hostsRoot, "", probe, history);
            List<DeployEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (TestBot bot = new TestBot(db, root, catalog, pipeline, dir.resolve("state"), List.of())) {
                Reply reply = bot.core.handle(new CommandRequest(new Caller("root", Set.of()),
                        "deploy resizer/HEAD to local", null, "test", events::add));
                assertThat(reply.ok()).as(reply.text()).isTrue();
                DeploySummary s = reply.deploy().done().get(20, TimeUnit.MINUTES);
                assertThat(s.status()).as(String.join("\n", bot.history.log(s.deployId()))).isEqualTo(
                        DeployStatus.SUCCEEDED);
                assertThat(s.commit()).isEqualTo(head);
                assertThat(s.version()).matches("0\\.1\\.0~SNAPSHOT\\+git[0-9]+\\." + head.substring(0, 7));
                assertThat(s.stages()).containsOnlyKeys("resolve", "checks", "build", "package", "publish", "deploy",
                        "verify", "record");
                for (int port : List.of(p1, p2)) {
                    HealthProbe.Report r = probe.check("127.0.0.1", port, "/actuator/health", "/actuator/info");
                    assertThat(r.up()).as(r.describe()).isTrue();
                    assertThat(r.commit()).isEqualTo(head);
                    assertThat(r.version()).isEqualTo("0.1.0-SNAPSHOT");
                }
                List<String> log = bot.history.log(s.deployId());
                assertThat(log).anyMatch(l -> l.contains("installing bmo-resizer_") && l.contains("published"));
                assertThat(log).anyMatch(l -> l.contains("[package] passed") && l.contains("image"));
                try (Stream<Path> pool = Files.walk(dir.resolve("apt"))) {
                    assertThat(pool.map(Path::toString)).anyMatch(p -> p.contains("/pool/") && p.endsWith(".deb"));
                }
                assertThat(String.join("\n", log)).doesNotContain(s3.environment().get("BMO_S3_SECRET_KEY"));
                Path worktree = dir.resolve("state/deploys/" + s.deployId() + "/src");
                assertThat(worktree).as("the build's worktree is removed").doesNotExist();
                Process list = new ProcessBuilder("git", "-C", root.toString(), "worktree", "list").start();
                assertThat(new String(list.getInputStream().readAllBytes())).doesNotContain(worktree.toString());
            } finally {
                LocalHosts.stopAll(hostsRoot);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
