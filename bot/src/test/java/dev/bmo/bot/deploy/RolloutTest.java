package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.ansible.AnsibleRunner;
import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.Reply;
import dev.bmo.bot.deploy.stage.ChecksStage;
import dev.bmo.bot.deploy.stage.RecordStage;
import dev.bmo.bot.deploy.stage.ResolveStage;
import dev.bmo.bot.deploy.stage.RolloutStage;
import dev.bmo.bot.deploy.stage.VerifyStage;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.HostResult;
import dev.bmo.bot.support.LocalHosts;
import dev.bmo.bot.support.TestBot;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.bot.support.TestRepo;
import dev.bmo.bot.support.TinyPackageStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real ansible-playbook and the real playbooks, rolling a tiny packaged service out to three
 * simulated local hosts (their own directories and free ports), step by step: a first deploy, an
 * upgrade, a rollback, and an upgrade that fails on the second host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class RolloutTest {

    private final Caller alice = new Caller("alice", Set.of());
    private final List<DeployEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Path work;
    private Path hostsRoot;
    private TestRepo repo;
    private TestBot bot;
    private HealthProbe probe;
    private String c1;
    private String c2;

    @BeforeAll
    void setUp() throws Exception {
        work = Files.createTempDirectory("bmo-rollout");
        hostsRoot = work.resolve("hosts");
        repo = new TestRepo(Files.createDirectories(work.resolve("repo")));
        c1 = repo.head();
        c2 = repo.commit("second");
        probe = new HealthProbe(Duration.ofSeconds(2));
        TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
        DeployHistory history = new DeployHistory(db.jdbc());
        DeployPipeline pipeline = new DeployPipeline(List.of(new ResolveStage(), new ChecksStage(),
                new TinyPackageStage(),
                new RolloutStage(new AnsibleRunner("ansible-playbook"),
                        TestBot.repoRoot().resolve("playbooks/deploy.yml"), hostsRoot, Duration.ofMinutes(3)),
                new VerifyStage(probe), new RecordStage(history)));
        bot = new TestBot(db, repo.dir, repo.dir.resolve("catalog.yml"), pipeline, work.resolve("state"), List.of());
        bot.deploys.subscribe(events::add);
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            LocalHosts.stopAll(hostsRoot);
        } finally {
            bot.close();
        }
    }

    private DeploySummary run(String command) throws Exception {
        Reply reply = bot.core.handle(alice, command);
        assertThat(reply.deploy()).as(reply.text()).isNotNull();
        return reply.deploy().done().get(3, TimeUnit.MINUTES);
    }

    private String commitOn(int host) {
        HealthProbe.Report r = probe.check("127.0.0.1", repo.ports.get(host), "/actuator/health", "/actuator/info");
        assertThat(r.up()).as("host %d: %s", host + 1, r.describe()).isTrue();
        return r.commit();
    }

    @Test
    @Order(1)
    void aFirstDeployRollsOutHostByHostAndVerifiesEveryHost() throws Exception {
        DeploySummary s = run("deploy tiny/" + c1.substring(0, 8));
        assertThat(s.status()).as(s.detail()).isEqualTo(DeployStatus.SUCCEEDED);
        assertThat(s.commit()).isEqualTo(c1);
        assertThat(s.hosts()).extracting(HostResult::result).containsExactly("ok", "ok", "ok");
        for (int i = 0; i < 3; i++) {
            assertThat(commitOn(i)).isEqualTo(c1);
        }
        List<DeployEvent> mine = events.stream().filter(e -> e.deployId() == s.deployId()).toList();
        assertThat(mine).filteredOn(DeployEvent.TaskStarted.class::isInstance).isNotEmpty();
        // serial 1: h1 finishes its rollout before h2 starts
        List<String> hostOrder = mine.stream().filter(DeployEvent.HostResult.class::isInstance)
                .map(e -> ((DeployEvent.HostResult) e).host()).distinct().toList();
        assertThat(hostOrder).containsExactly("h1", "h2", "h3");
        int lastH1 = lastIndex(mine, "h1");
        int firstH2 = firstIndex(mine, "h2");
        assertThat(lastH1).isLessThan(firstH2);
        assertThat(mine).filteredOn(DeployEvent.StageFinished.class::isInstance)
                .extracting(e -> ((DeployEvent.StageFinished) e).stage())
                .containsExactly("resolve", "checks", "package", "deploy", "verify", "record");
        Path artifacts = bot.stateDir.resolve("deploys/" + s.deployId() + "/ansible");
        assertThat(Files.readString(artifacts.resolve("rc"))).isEqualTo("0");
        assertThat(Files.readString(artifacts.resolve("status"))).isEqualTo("successful");
        assertThat(Files.readString(artifacts.resolve("events.jsonl"))).contains("v2_playbook_on_stats");
        assertThat(Files.readString(artifacts.resolve("extravars.json"))).contains(c1);
        assertThat(Files.readString(hostsRoot.resolve("h2/service.env"))).contains("BMO_TINY_PORT=" + repo.ports.get(1))
                .contains("TINY_SECRET=" + TestRepo.SECRET);
        assertThat(Files.readString(artifacts.resolve("events.jsonl"))).doesNotContain(TestRepo.SECRET);
        assertThat(String.join("\n", bot.history.log(s.deployId()))).doesNotContain(TestRepo.SECRET);
    }

    @Test
    @Order(2)
    void anUpgradeKeepsThePreviousVersionInstalled() throws Exception {
        DeploySummary s = run("deploy tiny");
        assertThat(s.status()).as(s.detail()).isEqualTo(DeployStatus.SUCCEEDED);
        assertThat(s.commit()).as("the default branch").isEqualTo(c2);
        for (int i = 0; i < 3; i++) {
            assertThat(commitOn(i)).isEqualTo(c2);
        }
        try (Stream<Path> releases = Files.list(hostsRoot.resolve("h1/releases"))) {
            assertThat(releases.map(p -> p.getFileName().toString()).toList())
                    .contains("1.0+g" + c1.substring(0, 10), "1.0+g" + c2.substring(0, 10));
        }
        assertThat(Files.readString(hostsRoot.resolve("h1/previous")).strip()).isEqualTo("1.0+g" + c1.substring(0, 10));
    }

    @Test
    @Order(3)
    void rollbackRedeploysThePreviousSuccessfulVersionWithoutRebuilding() throws Exception {
        DeploySummary s = run("rollback tiny");
        assertThat(s.kind()).isEqualTo("rollback");
        assertThat(s.status()).as(s.detail()).isEqualTo(DeployStatus.SUCCEEDED);
        assertThat(s.commit()).isEqualTo(c1);
        for (int i = 0; i < 3; i++) {
            assertThat(commitOn(i)).isEqualTo(c1);
        }
        assertThat(bot.history.log(s.deployId())).anyMatch(l -> l.contains("[package] skipped")
                && l.contains("reusing the package of #1"));
        assertThat(bot.core.handle(alice, "wcid tiny").text()).contains("1.0+g" + c1.substring(0, 10) + " on 3 host(s)");
    }

    @Test
    @Order(4)
    void aFailingHostStopsTheRolloutAndTheOthersStayOnTheOldVersion() throws Exception {
        // h2's disk "breaks": the directory the new version must be unpacked into cannot be created
        Path h2release = hostsRoot.resolve("h2/releases/1.0+g" + c2.substring(0, 10));
        deleteTree(h2release);
        Files.writeString(h2release, "not a directory");

        DeploySummary s = run("deploy tiny/main");
        assertThat(s.status()).isEqualTo(DeployStatus.FAILED);
        assertThat(s.detail()).contains("deploy failed").contains("h2").contains("not reached: h3");
        assertThat(s.hosts()).extracting(HostResult::host, HostResult::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("h1", "ok"),
                        org.assertj.core.groups.Tuple.tuple("h2", "failed"),
                        org.assertj.core.groups.Tuple.tuple("h3", "not reached"));
        assertThat(commitOn(0)).as("h1 had already taken the new version").isEqualTo(c2);
        assertThat(commitOn(1)).as("h2 failed and still runs the old version").isEqualTo(c1);
        assertThat(commitOn(2)).as("h3 was never touched").isEqualTo(c1);
        assertThat(events).anySatisfy(e -> {
            assertThat(e).isInstanceOf(DeployEvent.HostResult.class);
            DeployEvent.HostResult h = (DeployEvent.HostResult) e;
            assertThat(h.host()).isEqualTo("h2");
            assertThat(h.outcome()).isEqualTo("failed");
        });
        assertThat(bot.locks.find("tiny", "test")).as("the lock is released whatever the end").isEmpty();
        assertThat(bot.deploys.find(s.deployId()).orElseThrow().status()).isEqualTo(DeployStatus.FAILED);

        // the word from h2's failure is found by log search, and the history shows the failure
        assertThat(bot.core.handle(alice, "logs search h2 failed in tiny").text()).contains("#" + s.deployId());
        assertThat(bot.core.handle(alice, "deploys tiny").text()).contains("failed").contains("rollback");
        Files.delete(h2release);
    }

    /** The last Ansible result of a host (the verify stage reports every host again afterwards). */
    @Test
    @Order(5)
    void aHostWhoseNewVersionNeverBecomesHealthyIsPutBackAndTheRolloutStops() throws Exception {
        String c3 = repo.commit("cache rewrite [unhealthy]");
        repo.writeInventory(3); // wait 3 s for UP instead of 30
        DeploySummary s = run("deploy tiny/" + c3);
        assertThat(s.status()).isEqualTo(DeployStatus.FAILED);
        assertThat(s.hosts()).extracting(HostResult::result).containsExactly("failed", "not reached", "not reached");
        assertThat(commitOn(0)).as("h1 is back on what it ran before").isEqualTo(c2);
        assertThat(Files.readSymbolicLink(hostsRoot.resolve("h1/current")).getFileName().toString())
                .isEqualTo("1.0+g" + c2.substring(0, 10));
        assertThat(commitOn(1)).isEqualTo(c1);
        assertThat(commitOn(2)).isEqualTo(c1);
        assertThat(bot.history.log(s.deployId())).anyMatch(l -> l.contains("h1: failed")
                && l.contains("it was put back on 1.0+g" + c2.substring(0, 10)));
        assertThat(Files.readString(bot.stateDir.resolve("deploys/" + s.deployId() + "/ansible/status")))
                .isEqualTo("failed");
        repo.writeInventory(Integer.MAX_VALUE);
    }

    @Test
    @Order(6)
    void aHostWhoseNewVersionExitsAtStartFailsAtOnceNotAfterTheWait() throws Exception {
        String c4 = repo.commit("config rewrite [exits]");
        DeploySummary s = run("deploy tiny/" + c4);
        assertThat(s.status()).isEqualTo(DeployStatus.FAILED);
        assertThat(s.hosts()).extracting(HostResult::result).containsExactly("failed", "not reached", "not reached");
        assertThat(bot.history.log(s.deployId())).anyMatch(l -> l.contains("h1: failed") && l.contains("exited at start"));
        // the inventory waits as long as it likes for UP: a process that is gone is not waited for
        assertThat(s.stages().get("deploy")).isLessThan(Duration.ofSeconds(60));
        assertThat(commitOn(0)).as("h1 is back on what it ran before").isEqualTo(c2);
    }

    private static int lastIndex(List<DeployEvent> events, String host) {
        int last = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof DeployEvent.HostResult h && h.host().equals(host)
                    && !h.task().equals("verify")) {
                last = i;
            }
        }
        return last;
    }

    private static int firstIndex(List<DeployEvent> events, String host) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof DeployEvent.HostResult h && h.host().equals(host)) {
                return i;
            }
        }
        return -1;
    }

    private static void deleteTree(Path p) throws Exception {
        if (Files.exists(p)) {
            try (Stream<Path> all = Files.walk(p)) {
                for (Path x : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(x);
                }
            }
        }
    }
}
