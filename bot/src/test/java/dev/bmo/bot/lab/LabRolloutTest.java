package dev.bmo.bot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.ansible.AnsibleRunner;
import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.command.Caller;
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
import dev.bmo.bot.fleet.HostStatus;
import dev.bmo.bot.fleet.ServiceHost;
import dev.bmo.bot.fleet.StatusProbe;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.HostResult;
import dev.bmo.bot.journal.JournalCommands;
import dev.bmo.bot.support.LabHosts;
import dev.bmo.bot.support.TestBot;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.bot.support.TestRepo;
import dev.bmo.bot.support.OnlyFor;
import dev.bmo.bot.support.OwnRepoService;
import dev.bmo.bot.support.TinyPackageStage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Production's path for real: BMO deploys a service packaged for systemd to two Debian hosts
 * (systemd-nspawn containers booted with systemd, scripts/lab) over SSH with host keys checked,
 * from the environment's signed apt repository served over HTTP, with the fleet's Actuator token.
 * First install, upgrade (local edits of the conffile kept), rollback to the pinned previous version,
 * a release whose unit exits at start (put back, its journal reported), a BMO without the token
 * refused, a changed host key refused, and {@code journal} reading the hosts' journals over SSH.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class LabRolloutTest {

    private static final String TOKEN = "lab-test-token-7f3a9c";
    private static final List<String> HOSTS = List.of("lab-t1", "lab-t2");
    private static final Map<String, String> ADDRESSES = Map.of("lab-t1", "10.77.1.11", "lab-t2", "10.77.1.12");

    private final Caller alice = new Caller("alice", Set.of());
    private final List<DeployEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Path work;
    private LabHosts lab;
    private TestRepo repo;
    private OwnRepoService thumbs;
    private TestBot bot;
    private String c1;
    private String c2;

    @BeforeAll
    void setUp() throws Exception {
        work = Files.createTempDirectory("bmo-lab-test");
        Path aptRoot = work.resolve("apt");
        repo = new TestRepo(Files.createDirectories(work.resolve("repo")));
        Path inventory = repo.dir.resolve("hosts.yml");
        Files.writeString(inventory, """
                all:
                  vars:
                    ansible_user: deploy
                    ansible_become: true
                    ansible_python_interpreter: /usr/bin/python3
                    bmo_actuator_token_required: true
                    bmo_health_retries: 60
                    bmo_service_env: {BMO_TINY_ADDRESS: "0.0.0.0", TINY_SECRET: "%s"}
                  children:
                    tiny:
                      hosts:
                        lab-t1: {ansible_host: %s}
                        lab-t2: {ansible_host: %s}
                    thumbs:
                      hosts:
                        lab-t1:
                        lab-t2:
                """.formatted(TestRepo.SECRET, ADDRESSES.get("lab-t1"), ADDRESSES.get("lab-t2")));
        lab = LabHosts.up(work.resolve("lab"), inventory, aptRoot, ADDRESSES);
        // a second service, from a repository of its own (a bare remote here) with its own build and package
        thumbs = OwnRepoService.create(work, "thumbs", "bmo-thumbs");
        Files.writeString(repo.dir.resolve("catalog.yml"), """
                services:
                  tiny:
                    module: tiny
                    package: bmo-tiny
                    port: 8099
                    port_env: BMO_TINY_PORT
                    jar: opt/bmo/tiny/bmo-tiny.jar
                    default_env: lab-test
                  %1$s
                environments:
                  lab-test:
                    inventory: hosts.yml
                    install: apt
                    apt_repo: http://%2$s:8089/lab-test
                    ssh_key: %3$s
                    known_hosts: %4$s
                    deployers: ['*']
                    serial: 1
                    max_fail_percentage: 0
                    # nobody sends the lab traffic: judged rollouts are lab-judged's (order 8)
                    analysis: off
                  lab-judged:
                    inventory: hosts.yml
                    install: apt
                    apt_repo: http://%2$s:8089/lab-judged
                    ssh_key: %3$s
                    known_hosts: %4$s
                    deployers: ['*']
                    serial: 1
                    analysis: {warmup: 1s, window: 3s, max_window: 3s, interval: 1s, pause_timeout: 2m}
                """.formatted(thumbs.catalogEntry("thumbs", repo.dir, 8098, "lab-test").strip(), LabHosts.GATEWAY,
                lab.sshKey(), lab.knownHosts()));
        Files.createDirectories(repo.dir.resolve("packaging"));
        Files.createSymbolicLink(repo.dir.resolve("packaging/apt-publish"),
                TestBot.repoRoot().resolve("packaging/apt-publish"));
        repo.git("add", "-A");
        repo.git("commit", "-q", "-m", "the lab");
        c1 = repo.head();
        bot = bot(TOKEN, TestDatabase.create(TestDatabase.Kind.H2), work.resolve("state"));
        bot.deploys.subscribe(events::add);
    }

    private TestBot bot(String token, TestDatabase db, Path state) throws Exception {
        DeployHistory history = new DeployHistory(db.jdbc());
        DeployPipeline pipeline = new DeployPipeline(List.of(new ResolveStage(), new ChecksStage(),
                new OnlyFor("tiny", new TinyPackageStage()),
                new OnlyFor("thumbs", new BuildStage(Map.of(), Duration.ofMinutes(3))),
                new OnlyFor("thumbs", new PackageStage(Duration.ofMinutes(3), Map.of())),
                new PublishStage(Duration.ofMinutes(1), Map.of("BMO_APT_ROOT", work.resolve("apt").toString())),
                new RolloutStage(new AnsibleRunner("ansible-playbook"),
                        TestBot.repoRoot().resolve("playbooks/deploy.yml"), work.resolve("hosts"),
                        Duration.ofMinutes(5), token),
                new VerifyStage(probe(token)), new RecordStage(history)));
        // journal (order 9) reads the hosts' journals over SSH; it knows BMO's token, to keep it out of its answers
        JournalCommands journal = new JournalCommands(CatalogLoader.load(repo.dir.resolve("catalog.yml")), repo.dir,
                work.resolve("hosts"), state, Clock.systemUTC(), Map.of("BMO_ACTUATOR_TOKEN", token),
                Duration.ofSeconds(30));
        return new TestBot(db, repo.dir, repo.dir.resolve("catalog.yml"), pipeline, state, List.of(journal));
    }

    private static HealthProbe probe(String token) {
        return new HealthProbe(new ActuatorClient(Duration.ofSeconds(3), Optional.of(token)));
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            if (bot != null) {
                bot.close();
            }
        } finally {
            try {
                if (lab != null) {
                    lab.close();
                }
            } finally {
                // apt-publish's throwaway signing key runs a gpg-agent in the test's GnuPG home
                new ProcessBuilder("gpgconf", "--homedir", work.resolve("apt/gnupg").toString(), "--kill", "gpg-agent")
                        .start().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private DeploySummary run(TestBot on, String command) throws Exception {
        Reply reply = on.core.handle(alice, command);
        assertThat(reply.deploy()).as(reply.text()).isNotNull();
        try {
            return reply.deploy().done().get(8, TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("#" + reply.deploy().id() + " did not finish in 8 minutes; its log so far:\n"
                    + String.join("\n", on.history.log(reply.deploy().id())) + "\n" + threads(), e);
        }
    }

    /** Where every thread is, for a deploy that hangs. */
    private static String threads() {
        StringBuilder b = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            b.append(t.getName()).append(" ").append(t.getState()).append('\n');
            for (int i = 0; i < Math.min(12, stack.length); i++) {
                b.append("    at ").append(stack[i]).append('\n');
            }
        });
        return b.toString();
    }

    private String installed(String host) throws Exception {
        return lab.ssh(host, "dpkg-query", "-W", "-f", "${Version}", "bmo-tiny").strip();
    }

    private HealthProbe.Report report(String host) {
        return probe(TOKEN).check(lab.address(host), 8099, "/actuator/health", "/actuator/info");
    }

    private static String version(String commit) {
        return "1.0+g" + commit.substring(0, 10);
    }

    private List<String> problems(long deployId, String host) {
        return events.stream().filter(e -> e.deployId() == deployId && e instanceof DeployEvent.HostResult h
                && h.host().equals(host) && !h.message().isBlank()).map(e -> ((DeployEvent.HostResult) e).message())
                .toList();
    }

    @Test
    @Order(1)
    void aFirstInstallComesFromTheSignedRepositoryOverSshAndRunsUnderSystemd() throws Exception {
        DeploySummary s = run(bot, "deploy tiny/" + c1.substring(0, 8));
        assertThat(s.status()).as(s.detail()).isEqualTo(DeployStatus.SUCCEEDED);
        for (String host : HOSTS) {
            assertThat(installed(host)).isEqualTo(version(c1));
            assertThat(lab.ssh(host, "systemctl", "is-active", "bmo-tiny.service").strip()).isEqualTo("active");
            // the service runs as its own user, under systemd (its cgroup is the unit's)
            String pid = lab.ssh(host, "systemctl", "show", "-p", "MainPID", "--value", "bmo-tiny.service").strip();
            assertThat(lab.ssh(host, "stat", "-c", "%U", "/proc/" + pid).strip()).isEqualTo("bmo-tiny");
            assertThat(report(host).commit()).isEqualTo(c1);
            // apt knows only BMO's repository, which only its own key may sign
            assertThat(lab.ssh(host, "cat", "/etc/apt/sources.list.d/bmo.sources"))
                    .contains("URIs: http://" + LabHosts.GATEWAY + ":8089/lab-test")
                    .contains("Signed-By: /usr/share/keyrings/bmo-archive-keyring.gpg");
            String defaults = lab.ssh(host, "cat", "/etc/default/bmo-tiny");
            assertThat(defaults).contains("BMO_TINY_PORT=8099").contains("BMO_ACTUATOR_TOKEN=\"" + TOKEN + "\"")
                    .contains("TINY_SECRET=\"" + TestRepo.SECRET + "\"").contains("BEGIN written by BMO");
            assertThat(lab.ssh(host, "stat", "-c", "%a", "/etc/default/bmo-tiny").strip()).isEqualTo("600");
        }
        // the hosts' Actuator wants the token: without it, BMO's verify would be refused
        HealthProbe.Report open = new HealthProbe(Duration.ofSeconds(3))
                .check(lab.address("lab-t1"), 8099, "/actuator/health", "/actuator/info");
        assertThat(open.error()).contains("refused BMO (401)").contains("BMO_ACTUATOR_TOKEN");
        // bmo status: with the token every host is read; without it, the refusal is each host's problem
        List<ServiceHost> hosts = HOSTS.stream()
                .map(h -> new ServiceHost(h, URI.create("http://" + lab.address(h) + ":8099"))).toList();
        assertThat(StatusProbe.withOwnPool(new ActuatorClient(Duration.ofSeconds(3), Optional.of(TOKEN))).probe(hosts))
                .allSatisfy(st -> assertThat(st.problem()).isEmpty())
                .extracting(HostStatus::version).containsOnly(version(c1));
        assertThat(StatusProbe.withOwnPool(new ActuatorClient(Duration.ofSeconds(3), Optional.empty())).probe(hosts))
                .allSatisfy(st -> assertThat(st.problem()).contains("refused BMO (401)"));
        // secrets reach the hosts and never a log
        Path artifacts = bot.stateDir.resolve("deploys/" + s.deployId() + "/ansible");
        for (String file : List.of("events.jsonl", "extravars.json", "command", "stderr")) {
            assertThat(Files.readString(artifacts.resolve(file))).doesNotContain(TOKEN).doesNotContain(TestRepo.SECRET);
        }
        assertThat(String.join("\n", bot.history.log(s.deployId()))).doesNotContain(TOKEN)
                .doesNotContain(TestRepo.SECRET);
    }

    @Test
    @Order(2)
    void anUpgradeIsThePinnedNewVersionAndKeepsLocalEditsOfTheConffile() throws Exception {
        lab.ssh("lab-t1", "sed", "-i", "1a # kept: an operator's note", "/etc/default/bmo-tiny");
        c2 = repo.commit("second");
        DeploySummary s = run(bot, "deploy tiny");
        assertThat(s.status()).as(s.detail()).isEqualTo(DeployStatus.SUCCEEDED);
        for (String host : HOSTS) {
            assertThat(installed(host)).isEqualTo(version(c2));
            assertThat(report(host).commit()).isEqualTo(c2);
        }
        String defaults = lab.ssh("lab-t1", "cat", "/etc/default/bmo-tiny");
        assertThat(defaults).contains("# kept: an operator's note");
        assertThat(defaults.lines().filter(l -> l.contains("BEGIN written by BMO")).count()).isEqualTo(1);
        // both versions stay in the repository: the older one is what a rollback installs
        assertThat(lab.ssh("lab-t1", "apt-cache", "madison", "bmo-tiny")).contains(version(c1)).contains(version(c2));
    }

    @Test
    @Order(3)
    void aRollbackInstallsThePreviousPinnedVersion() throws Exception {
        DeploySummary s = run(bot, "rollback tiny");
        assertThat(s.kind()).isEqualTo("rollback");
        assertThat(s.status()).as(s.detail()).isEqualTo(DeployStatus.SUCCEEDED);
        for (String host : HOSTS) {
            assertThat(installed(host)).isEqualTo(version(c1));
            assertThat(report(host).commit()).isEqualTo(c1);
        }
    }

    @Test
    @Order(4)
    void aReleaseWhoseUnitExitsAtStartIsPutBackAndItsJournalIsReported() throws Exception {
        String c3 = repo.commit("new cache [exits]");
        long started = System.nanoTime();
        DeploySummary s = run(bot, "deploy tiny/" + c3.substring(0, 8));
        assertThat(s.status()).isEqualTo(DeployStatus.FAILED);
        assertThat(s.hosts()).extracting(HostResult::host, HostResult::result)
                .containsExactly(tuple("lab-t1", "failed"), tuple("lab-t2", "not reached"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the dead unit is seen, not waited out")
                .isLessThan(Duration.ofSeconds(60));
        assertThat(installed("lab-t1")).as("put back on what it ran").isEqualTo(version(c1));
        assertThat(report("lab-t1").commit()).isEqualTo(c1);
        assertThat(installed("lab-t2")).as("never touched").isEqualTo(version(c1));
        String problem = String.join("\n", problems(s.deployId(), "lab-t1"));
        assertThat(problem).contains("exited at start").contains("put back on " + version(c1))
                .contains("Last lines of journalctl -u bmo-tiny")
                .contains("tiny " + version(c3) + ": cannot start, this release exits at once");
        assertThat(String.join("\n", bot.history.log(s.deployId()))).contains("this release exits at once");
    }

    @Test
    @Order(5)
    void aBmoWithoutTheFleetsTokenIsRefusedBeforeAnyHostIsTouched() throws Exception {
        try (TestBot tokenless = bot("", TestDatabase.create(TestDatabase.Kind.H2), work.resolve("state-2"))) {
            DeploySummary s = run(tokenless, "deploy tiny/" + c2.substring(0, 8));
            assertThat(s.status()).isEqualTo(DeployStatus.FAILED);
            assertThat(String.join("\n", tokenless.history.log(s.deployId())))
                    .contains("require an Actuator token").contains("set BMO_ACTUATOR_TOKEN");
        }
        for (String host : HOSTS) {
            assertThat(installed(host)).isEqualTo(version(c1));
            assertThat(lab.ssh(host, "cat", "/etc/default/bmo-tiny")).contains("BMO_ACTUATOR_TOKEN=\"" + TOKEN + "\"");
        }
    }

    @Test
    @Order(6)
    void aHostWhoseKeyChangedIsRefusedAndTheRolloutStops() throws Exception {
        Path knownHosts = lab.knownHosts();
        String original = Files.readString(knownHosts);
        Path other = work.resolve("other-key");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString())
                .redirectErrorStream(true).start();
        keygen.getInputStream().readAllBytes();
        assertThat(keygen.waitFor()).isZero();
        String[] otherKey = Files.readString(Path.of(other + ".pub")).strip().split(" ");
        // lab-t1 now "answers" with a key that is not its recorded one
        String forged = original.lines().map(l -> l.contains(ADDRESSES.get("lab-t1"))
                ? l.split(" ")[0] + " " + otherKey[0] + " " + otherKey[1] : l).collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(knownHosts, forged);
        try {
            DeploySummary s = run(bot, "deploy tiny/" + c2.substring(0, 8));
            assertThat(s.status()).isEqualTo(DeployStatus.FAILED);
            assertThat(s.hosts()).extracting(HostResult::host, HostResult::result)
                    .containsExactly(tuple("lab-t1", "unreachable"), tuple("lab-t2", "not reached"));
            assertThat(String.join("\n", problems(s.deployId(), "lab-t1")))
                    .contains("lab-t1's SSH host key is not the one in " + knownHosts);
        } finally {
            Files.writeString(knownHosts, original);
        }
        assertThat(installed("lab-t2")).isEqualTo(version(c1));
    }

    @Test
    @Order(7)
    void aServiceFromARepositoryOfItsOwnIsBuiltByItsCommandsAndInstalledFromTheSignedRepository() throws Exception {
        for (String change : new String[] {null, "thumbs: sharper"}) {
            String pushed = change == null ? thumbs.head() : thumbs.pushChange(change); // pushed, never pulled by hand
            DeploySummary s = run(bot, "deploy thumbs");
            assertThat(s.status()).as(s.detail()).isEqualTo(DeployStatus.SUCCEEDED);
            assertThat(s.commit()).isEqualTo(pushed);
            for (String host : HOSTS) {
                assertThat(lab.ssh(host, "dpkg-query", "-W", "-f", "${Version}", "bmo-thumbs").strip())
                        .isEqualTo(thumbs.version());
                assertThat(lab.ssh(host, "systemctl", "is-active", "bmo-thumbs.service").strip()).isEqualTo("active");
                assertThat(probe(TOKEN).check(lab.address(host), 8098, "/actuator/health", "/actuator/info").commit())
                        .isEqualTo(pushed);
            }
            assertThat(String.join("\n", bot.history.log(s.deployId()))).contains("build: ./build.sh " + pushed)
                    .contains("package: ./package.sh bmo-thumbs");
        }
        assertThat(installed("lab-t1")).as("the other service on the same hosts is untouched").isEqualTo(version(c1));
    }

    /**
     * The canary analysis on real hosts: nobody sends the lab traffic, so every batch is inconclusive and
     * the rollout pauses; continue lets it go on, and rollback puts the batch back on the version it ran
     * before, from the environment's signed repository, under systemd (playbooks/rollback.yml, apt).
     */
    @Test
    @Order(8)
    void aPausedJudgedRolloutGoesOnOrPutsTheBatchBackOnRealHosts() throws Exception {
        String first = repo.commit("judged: first");
        long id = startAndAnswer("deploy tiny/" + first.substring(0, 8) + " to lab-judged", "continue", "continue");
        DeploySummary s = bot.deploys.completion(id).get(3, TimeUnit.MINUTES);
        assertThat(s.status()).as(String.join("\n", bot.history.log(id))).isEqualTo(DeployStatus.SUCCEEDED);
        for (String host : HOSTS) {
            assertThat(installed(host)).isEqualTo(version(first));
        }

        String second = repo.commit("judged: second");
        id = startAndAnswer("deploy tiny/" + second.substring(0, 8) + " to lab-judged", "rollback");
        s = bot.deploys.completion(id).get(3, TimeUnit.MINUTES);
        String log = String.join("\n", bot.history.log(id));
        assertThat(s.status()).as(log).isEqualTo(DeployStatus.FAILED);
        assertThat(s.detail()).contains("rolled batch 1/2 (lab-t1) back").contains("a person said rollback")
                .contains("1 host(s) never updated");
        assertThat(log).contains("verdict INCONCLUSIVE: too little traffic to tell");
        assertThat(installed("lab-t1")).isEqualTo(version(first));
        assertThat(lab.ssh("lab-t1", "cat", "/var/lib/bmo/bmo-tiny.previous").strip()).isEqualTo(version(first));
        assertThat(lab.ssh("lab-t1", "systemctl", "is-active", "bmo-tiny.service").strip()).isEqualTo("active");
        assertThat(report("lab-t1").commit()).isEqualTo(first);
        assertThat(installed("lab-t2")).as("never updated").isEqualTo(version(first));
    }

    /**
     * {@code journal} on real hosts: each host's unit journal over SSH (as deploy, sudo, host keys checked), the
     * service's ECS start-up lines found after the deploys above, level and words applied, secrets absent; a host
     * whose key changed is named with why, and the other host is still shown.
     */
    @Test
    @Order(9)
    void journalReadsEveryHostsJournalOverSshAndNamesAHostItCannotTrust() throws Exception {
        Reply r = bot.core.handle(alice, "journal tiny last 1h");
        assertThat(r.ok()).as(r.text()).isTrue();
        String all = r.file() == null ? r.text() : r.file().content();
        assertThat(r.text()).startsWith("tiny in lab-test (last 1h, info and above): ").contains(" from 2 hosts");
        for (String host : HOSTS) {
            String startUp = "tiny " + installed(host) + " started on 0.0.0.0:8099";
            assertThat(all.lines().filter(l -> l.contains(" " + host + " ") && l.contains(startUp)))
                    .as("%s's start-up line in:%n%s", host, all).isNotEmpty();
        }
        for (String answer : List.of(r.text(), all)) {
            assertThat(answer).doesNotContain(TOKEN).doesNotContain(TestRepo.SECRET);
        }
        // the words and the level are BMO's filter: the first version's starts, not the later ones'
        Reply first = bot.core.handle(alice, "journal tiny in lab-test/lab-t2 last 1h grep started " + version(c1));
        String firstAll = first.file() == null ? first.text() : first.file().content();
        assertThat(firstAll).contains("tiny " + version(c1) + " started on").doesNotContain(version(c2) + " started")
                .doesNotContain("lab-t1 ");
        assertThat(bot.core.handle(alice, "journal tiny last 1h level error grep started").text())
                .startsWith("No lines of tiny in lab-test (last 1h, error and above, holding 'started')");

        Path knownHosts = lab.knownHosts();
        String original = Files.readString(knownHosts);
        Path other = work.resolve("other-key");
        if (!Files.exists(other)) { // order 6 makes it; run alone, this step makes its own
            Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString())
                    .redirectErrorStream(true).start();
            keygen.getInputStream().readAllBytes();
            assertThat(keygen.waitFor()).isZero();
        }
        String[] key = Files.readString(Path.of(other + ".pub")).strip().split(" ");
        Files.writeString(knownHosts, original.lines().map(l -> l.contains(ADDRESSES.get("lab-t1"))
                ? l.split(" ")[0] + " " + key[0] + " " + key[1] : l).collect(Collectors.joining("\n", "", "\n")));
        try {
            Reply partly = bot.core.handle(alice, "journal tiny last 1h");
            assertThat(partly.ok()).isFalse();
            assertThat(partly.text()).contains("from 1 host of 2")
                    .contains("lab-t1: refused: lab-t1's SSH host key is not the one in " + knownHosts)
                    .contains("lab-t2 ");
        } finally {
            Files.writeString(knownHosts, original);
        }
    }

    /** Starts a deploy and gives each pause of its rollout the next answer, as a person in the thread would. */
    private long startAndAnswer(String command, String... answers) throws Exception {
        Reply reply = bot.core.handle(alice, command);
        assertThat(reply.deploy()).as(reply.text()).isNotNull();
        long id = reply.deploy().id();
        for (int i = 0; i < answers.length; i++) {
            int pauses = i + 1;
            await().atMost(Duration.ofMinutes(3)).until(() -> events.stream()
                    .filter(e -> e.deployId() == id && e instanceof DeployEvent.Paused).count() >= pauses);
            Reply answered = bot.core.handle(alice, answers[i] + " " + id);
            assertThat(answered.ok()).as(answered.text()).isTrue();
        }
        return id;
    }
}
