package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.ansible.AnsibleRunner;
import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.Reply;
import dev.bmo.bot.deploy.stage.BuildStage;
import dev.bmo.bot.deploy.stage.ChecksStage;
import dev.bmo.bot.deploy.stage.PackageStage;
import dev.bmo.bot.deploy.stage.RecordStage;
import dev.bmo.bot.deploy.stage.ResolveStage;
import dev.bmo.bot.deploy.stage.RolloutStage;
import dev.bmo.bot.deploy.stage.VerifyStage;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.support.LocalHosts;
import dev.bmo.bot.support.OwnRepoService;
import dev.bmo.bot.support.TestBot;
import dev.bmo.bot.support.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A service that lives in a repository of its own, served as a bare remote on this machine, with its
 * own build and package commands (a shell build of a small Java service, a dpkg-deb package): BMO
 * mirrors the remote ({@link OwnRepoService}), deploys what was pushed there to simulated local hosts with the real stages and
 * the real playbook, deploys a commit pushed later without anyone pulling, and refuses clearly when
 * the remote cannot be reached.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class ServiceRepoDeployTest {

    private final Caller alice = new Caller("alice", Set.of());
    private Path work;
    private OwnRepoService thumbs;
    private Path remote;
    private Path clone;
    private Path hostsRoot;
    private final List<Integer> ports = new ArrayList<>();
    private TestBot bot;
    private HealthProbe probe;
    private String first;
    private long firstDeploy;

    @BeforeAll
    void setUp() throws Exception {
        work = Files.createTempDirectory("bmo-service-repo");
        hostsRoot = work.resolve("hosts");
        thumbs = OwnRepoService.create(work, "thumbs", "bmo-thumbs");
        remote = thumbs.remote;
        clone = thumbs.clone;

        // BMO's own repository: a catalog naming the service's repository, and the inventory
        Path bmoRepo = Files.createDirectories(work.resolve("bmo"));
        for (int i = 0; i < 2; i++) {
            ports.add(freePort());
        }
        Files.writeString(bmoRepo.resolve("catalog.yml"), "services:\n"
                + thumbs.catalogEntry("thumbs", bmoRepo, 8099, "test") + """
                environments:
                  test:
                    inventory: hosts.yml
                    install: local
                    deployers: ['*']
                """);
        Files.writeString(bmoRepo.resolve("hosts.yml"), """
                all:
                  vars:
                    ansible_connection: local
                    ansible_python_interpreter: /usr/bin/python3
                    bmo_java_opts: ["-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
                  children:
                    thumbs:
                      hosts:
                        t1: {http_port: %d}
                        t2: {http_port: %d}
                """.formatted(ports.get(0), ports.get(1)));
        git(bmoRepo, "init", "-q", "-b", "main");
        git(bmoRepo, "-c", "user.email=bmo@bmo.invalid", "-c", "user.name=BMO", "commit", "-q", "--allow-empty",
                "-m", "BMO's own repository");
        probe = new HealthProbe(Duration.ofSeconds(2));
        TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
        DeployHistory history = new DeployHistory(db.jdbc());
        DeployPipeline pipeline = new DeployPipeline(List.of(new ResolveStage(), new ChecksStage(),
                new BuildStage(Map.of(), Duration.ofMinutes(3)), new PackageStage(Duration.ofMinutes(3), Map.of()),
                new RolloutStage(new AnsibleRunner("ansible-playbook"),
                        TestBot.repoRoot().resolve("playbooks/deploy.yml"), hostsRoot, Duration.ofMinutes(3)),
                new VerifyStage(probe), new RecordStage(history)));
        bot = new TestBot(db, bmoRepo, bmoRepo.resolve("catalog.yml"), pipeline, work.resolve("state"), List.of());
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            LocalHosts.stopAll(hostsRoot);
        } finally {
            bot.close();
        }
    }

    @Test
    @Order(1)
    void whatWasPushedToTheServicesRepositoryIsBuiltWithItsOwnCommandsAndRollsOut() throws Exception {
        String pushed = git(clone, "rev-parse", "HEAD").strip();
        DeploySummary s = run("deploy thumbs");
        assertThat(s.status()).as(s.detail()).isEqualTo(DeployStatus.SUCCEEDED);
        assertThat(s.commit()).isEqualTo(pushed);
        assertThat(s.version()).isEqualTo("1.0+git1." + pushed.substring(0, 7));
        first = pushed;
        firstDeploy = s.deployId();
        assertThat(commitOn(0)).isEqualTo(pushed);
        assertThat(commitOn(1)).isEqualTo(pushed);
        String log = String.join("\n", bot.history.log(s.deployId()));
        assertThat(log).contains("build: ./build.sh " + pushed).contains("build: compiled")
                .contains("package: ./package.sh bmo-thumbs ")
                .contains("\"thumbs: first release\" by Thumbs developer")
                .containsPattern("BMO's own time: [0-9.]+ (ms|s) \\(resolve .*build .*package .*deploy .*\\); Maven, packaging,"
                        + " aptly, Ansible and the canary analysis' windows: ");
        assertThat(work.resolve("state/repos/thumbs.git/HEAD")).as("BMO's mirror of the remote").exists();
        assertThat(git(work.resolve("state/repos/thumbs.git"), "worktree", "list"))
                .as("the build's worktree is gone").doesNotContain("deploys/");
    }

    @Test
    @Order(2)
    void aCommitPushedLaterIsDeployedWithoutAnyonePulling() throws Exception {
        String pushed = thumbs.pushChange("thumbs: faster thumbnails");
        Reply reply = bot.core.handle(alice, "deploy thumbs");
        assertThat(reply.text()).contains(pushed.substring(0, 12)).contains("1 commit(s) after");
        DeploySummary s = reply.deploy().done().get(3, TimeUnit.MINUTES);
        assertThat(s.status()).as(s.detail()).isEqualTo(DeployStatus.SUCCEEDED);
        assertThat(s.commit()).isEqualTo(pushed);
        assertThat(commitOn(0)).isEqualTo(pushed);
        assertThat(commitOn(1)).isEqualTo(pushed);
        assertThat(String.join("\n", bot.history.log(s.deployId()))).contains("thumbs: faster thumbnails")
                .contains("modules touched: (top level)");
    }

    @Test
    @Order(3)
    void anUnreachableRemoteRefusesTheDeployAndNothingIsRecorded() throws Exception {
        Path moved = work.resolve("thumbs-moved.git");
        Files.move(remote, moved);
        try {
            int before = bot.history.list("thumbs", "test", 50).size();
            Reply reply = bot.core.handle(alice, "deploy thumbs");
            assertThat(reply.deploy()).isNull();
            assertThat(reply.text()).contains("Refused: could not fetch " + remote)
                    .contains("BMO deploys only what it has fetched");
            assertThat(bot.history.list("thumbs", "test", 50)).hasSize(before);
            assertThat(commitOn(0)).as("what runs stays").isEqualTo(git(clone, "rev-parse", "HEAD").strip());
        } finally {
            Files.move(moved, remote);
        }
    }

    @Test
    @Order(4)
    void aCommitPackagedBeforeIsInstalledFromThatPackageAndRebuiltOnlyWhenTheFileIsGone() throws Exception {
        // one host is enough: the rollout is not what this is about
        DeploySummary s = run("deploy thumbs/" + first.substring(0, 12) + " to test/t1");
        assertThat(s.status()).as(s.detail()).isEqualTo(DeployStatus.SUCCEEDED);
        String log = String.join("\n", bot.history.log(s.deployId()));
        assertThat(log).contains("[build] skipped").contains("reusing the package of #" + firstDeploy + " (1.0+git1."
                + first.substring(0, 7) + "), which built this commit for thumbs to test").doesNotContain("build: compiled");
        assertThat(commitOn(0)).isEqualTo(first);
        String deb = bot.history.find(firstDeploy).orElseThrow().debPath();
        assertThat(bot.history.find(s.deployId()).orElseThrow().debPath()).isEqualTo(deb);
        // once more: the package is still #1's, not that of the deploy that reused it
        s = run("deploy thumbs/" + first.substring(0, 12) + " to test/t1");
        assertThat(String.join("\n", bot.history.log(s.deployId())))
                .contains("reusing the package of #" + firstDeploy + " (");

        // the file is gone (or is no longer that package): the commit is built again
        Files.writeString(Path.of(deb), "not a package");
        s = run("deploy thumbs/" + first.substring(0, 12) + " to test/t1");
        assertThat(s.status()).as(s.detail()).isEqualTo(DeployStatus.SUCCEEDED);
        assertThat(String.join("\n", bot.history.log(s.deployId()))).contains("build: compiled")
                .doesNotContain("reusing the package");
        assertThat(bot.history.find(s.deployId()).orElseThrow().debPath()).isNotEqualTo(deb);
        assertThat(commitOn(0)).isEqualTo(first);
    }

    private DeploySummary run(String command) throws Exception {
        Reply reply = bot.core.handle(alice, command);
        assertThat(reply.deploy()).as(reply.text()).isNotNull();
        return reply.deploy().done().get(3, TimeUnit.MINUTES);
    }

    private String commitOn(int host) {
        HealthProbe.Report r = probe.check("127.0.0.1", ports.get(host), "/actuator/health", "/actuator/info");
        assertThat(r.up()).as("host %d: %s", host + 1, r.describe()).isTrue();
        return r.commit();
    }

    private static String git(Path dir, String... args) throws Exception {
        return OwnRepoService.git(dir, args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
