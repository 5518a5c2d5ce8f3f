package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.bmo.bot.ansible.AnsibleRunner;
import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.CommandHandler;
import dev.bmo.bot.command.Reply;
import dev.bmo.bot.deploy.stage.ChecksStage;
import dev.bmo.bot.deploy.stage.RecordStage;
import dev.bmo.bot.deploy.stage.ResolveStage;
import dev.bmo.bot.deploy.stage.RolloutStage;
import dev.bmo.bot.deploy.stage.VerifyStage;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.journal.JournalCommands;
import dev.bmo.bot.support.CapturedLog;
import dev.bmo.bot.support.LocalHosts;
import dev.bmo.bot.support.TestBot;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.bot.support.TestRepo;
import dev.bmo.bot.support.TinyPackageStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A real rollout of the tiny service to one simulated host (ansible-playbook, the real playbooks): BMO's own
 * lines during it carry the deploy's keys, on the deploy's thread and on Ansible's output reader, the lines
 * about a host carry that host; and afterwards {@code journal} finds the service's start-up line in the host's
 * log file, with the hosts' secret taken out of any line that carries it.
 */
@Tag("slow") // a real rollout: ./test --fast leaves it out (DeployLogContextTest covers the keys without Ansible)
@Isolated // captures the root logger: no other test class may run beside it (./test --fast runs classes in parallel)
class LocalDeployLogsTest {

    @TempDir
    Path dir;
    private Path hostsRoot;

    @AfterEach
    void stopHosts() throws Exception {
        LocalHosts.stopAll(hostsRoot);
    }

    @Test
    void aRolloutsLinesCarryTheDeployAndTheHostAndJournalReadsTheServicesOwn() throws Exception {
        hostsRoot = dir.resolve("hosts");
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
        DeployPipeline pipeline = new DeployPipeline(List.of(new ResolveStage(), new ChecksStage(),
                new TinyPackageStage(),
                new RolloutStage(new AnsibleRunner("ansible-playbook"),
                        TestBot.repoRoot().resolve("playbooks/deploy.yml"), hostsRoot, Duration.ofMinutes(3)),
                new VerifyStage(new HealthProbe(Duration.ofSeconds(2))), new RecordStage(new DeployHistory(db.jdbc()))));
        JournalCommands journal = new JournalCommands(CatalogLoader.load(repo.dir.resolve("catalog.yml")), repo.dir,
                hostsRoot, dir.resolve("state"), Clock.systemUTC(), Map.of(), Duration.ofSeconds(10));
        try (CapturedLog log = new CapturedLog(); TestBot bot = new TestBot(db, repo.dir, repo.dir.resolve("catalog.yml"),
                pipeline, dir.resolve("state"), List.<CommandHandler>of(journal))) {
            Caller alice = new Caller("alice", Set.of());
            Instant started = Instant.now();
            Reply reply = bot.core.handle(alice, "deploy tiny to test/h1");
            assertThat(reply.deploy()).as(reply.text()).isNotNull();
            DeploySummary s = reply.deploy().done().get(3, TimeUnit.MINUTES);
            assertThat(s.status()).as(s.detail()).isEqualTo(DeployStatus.SUCCEEDED);
            System.out.println("the rollout to one host took " + Duration.between(started, Instant.now()).toMillis() + " ms");

            String id = Long.toString(s.deployId());
            Map<String, String> keys = Map.of(DeployLogContext.ID, id, DeployLogContext.SERVICE, "tiny",
                    DeployLogContext.ENVIRONMENT, "test", DeployLogContext.COMMIT, repo.head());
            List<ILoggingEvent> mine = log.lines().stream()
                    .filter(e -> id.equals(e.getMDCPropertyMap().get(DeployLogContext.ID))).toList();
            assertThat(mine).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).as(e.getFormattedMessage())
                    .containsAllEntriesOf(keys));
            assertThat(mine).extracting(ILoggingEvent::getFormattedMessage).contains("#" + id + " [deploy] ...",
                    "#" + id + " [verify] ...");
            // Ansible's recap of the host, read from its output on another thread, says which host
            ILoggingEvent recap = mine.stream().filter(e -> e.getFormattedMessage().startsWith("#" + id + " ansible recap h1:"))
                    .findFirst().orElseThrow(() -> new AssertionError(mine.stream().map(ILoggingEvent::getFormattedMessage).toList()));
            assertThat(recap.getThreadName()).isEqualTo("process-output");
            assertThat(recap.getMDCPropertyMap()).containsEntry(DeployLogContext.HOST, "h1");
            ILoggingEvent verified = mine.stream().filter(e -> e.getFormattedMessage().startsWith("#" + id + "     h1: ok"))
                    .findFirst().orElseThrow();
            assertThat(verified.getMDCPropertyMap()).containsEntry(DeployLogContext.HOST, "h1");
            assertThat(mine).filteredOn(e -> !e.getFormattedMessage().contains(" h1"))
                    .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).doesNotContainKey(DeployLogContext.HOST));
            assertThat(log.lines()).extracting(ILoggingEvent::getFormattedMessage).allSatisfy(m -> assertThat(m)
                    .doesNotContain(TestRepo.SECRET));

            // the service's own start-up line, from the host's log file
            String version = "1.0+g" + repo.head().substring(0, 10);
            Reply lines = bot.core.handle(alice, "journal tiny in test/h1");
            assertThat(lines.ok()).as(lines.text()).isTrue();
            assertThat(lines.text()).startsWith("tiny in test on h1 (last 10m, info and above): 1 line from 1 host")
                    .contains("h1    INFO   tiny " + version + " started on 127.0.0.1:" + repo.ports.get(0));
            // a careless line carrying the hosts' secret (from the inventory, in service.env) shows without it
            Files.writeString(hostsRoot.resolve("h1/log/bmo-tiny.log"), "{\"@timestamp\":\"" + Instant.now()
                    + "\",\"log.level\":\"WARN\",\"message\":\"TINY_SECRET is " + TestRepo.SECRET + "\"}\n",
                    StandardOpenOption.APPEND);
            Reply warned = bot.core.handle(alice, "journal tiny level warn");
            assertThat(warned.text()).contains("h1    WARN   TINY_SECRET is [redacted]").doesNotContain(TestRepo.SECRET)
                    .contains("h2: no log file");
        } finally {
            journal.destroy();
        }
    }
}
