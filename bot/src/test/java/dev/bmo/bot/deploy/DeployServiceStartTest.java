package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.command.Caller;
import dev.bmo.bot.history.AuditLog;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.NewDeploy;
import dev.bmo.bot.lock.LockStore;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.bot.support.TestRepo;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building a DeployService does nothing; {@code start()} recovers from a crash, then starts its threads. */
class DeployServiceStartTest {

    @TempDir
    Path dir;

    @Test
    void theConstructorTouchesNothingAndStartTakesOverFirst() throws Exception {
        TestRepo repo = new TestRepo(java.nio.file.Files.createDirectories(dir.resolve("repo")));
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            DeployHistory history = new DeployHistory(db.jdbc());
            long orphan = history.record(new NewDeploy(null, "deploy", "tiny", "test", "", "main", "alice", false,
                    false, null, null)).deploy().id();
            history.transition(orphan, EnumSet.of(DeployStatus.REQUESTED), DeployStatus.RUNNING, null);
            history.own(orphan, deadOwner());
            Set<String> threadsBefore = deployThreads();

            DeployService deploys = new DeployService(CatalogLoader.load(repo.dir.resolve("catalog.yml")), history,
                    new LockStore(db.jdbc()), new AuditLog(db.jdbc()), new DeployPipeline(List.of()), repo.dir,
                    dir.resolve("state/deploys"), Duration.ofMillis(200), Duration.ofMinutes(30));
            try {
                assertThat(history.find(orphan).orElseThrow().status()).isEqualTo(DeployStatus.RUNNING);
                assertThat(deploys.interruptedAtStartup()).isEmpty();
                assertThat(deployThreads()).isEqualTo(threadsBefore);
                assertThatThrownBy(() -> deploys.request(new DeployRequest(new Caller("alice", Set.of()), "tiny",
                        null, null, List.of(), false, false, null, null, e -> { })))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");

                deploys.start();
                assertThat(deploys.interruptedAtStartup()).extracting(DeployRecord::id).containsExactly(orphan);
                assertThat(history.find(orphan).orElseThrow().status()).isEqualTo(DeployStatus.INTERRUPTED);
                deploys.start(); // again: nothing more
                assertThat(deploys.interruptedAtStartup()).hasSize(1);
            } finally {
                deploys.close();
            }
        }
    }

    private static Set<String> deployThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("deploy")).map(t -> t.getName() + "@" + t.getId())
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The owner string of a BMO on this host whose process no longer runs. */
    private static String deadOwner() throws Exception {
        Process p = new ProcessBuilder("true").start();
        long start = p.toHandle().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(1L);
        p.waitFor();
        return InetAddress.getLocalHost().getHostName() + "|" + p.pid() + "|" + start + "|gone";
    }
}
