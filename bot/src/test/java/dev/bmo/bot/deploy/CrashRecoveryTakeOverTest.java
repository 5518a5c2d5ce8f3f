package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.git.GitRepo;
import dev.bmo.bot.git.ServiceRepos;
import dev.bmo.bot.history.AuditLog;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.NewDeploy;
import dev.bmo.bot.lock.LockStore;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.bot.support.TestRepo;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taking over what a gone BMO left: the verdict, its leftover processes, its lock; and what is left alone. */
class CrashRecoveryTakeOverTest {

    @TempDir
    Path dir;
    TestRepo repo;
    Catalog catalog;
    Path deploysDir;

    @BeforeEach
    void repoAndState() throws Exception {
        repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        catalog = CatalogLoader.load(repo.dir.resolve("catalog.yml"));
        deploysDir = Files.createDirectories(dir.resolve("state/deploys"));
    }

    @Test
    void aGoneBmosDeployIsInterruptedItsLeftoversKilledItsLockFreedAndTheRestLeftAlone() throws Exception {
        Process leftover = new ProcessBuilder("sleep", "300").start();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            DeployHistory history = new DeployHistory(db.jdbc());
            LockStore locks = new LockStore(db.jdbc());
            String gone = deadOwner();
            long orphan = running(history, gone);
            assertThat(locks.acquireForDeploy("tiny", "test", "alice", orphan).acquired()).isTrue();
            Path work = Files.createDirectories(deploysDir.resolve(Long.toString(orphan)));
            CrashRecovery.notePid(work, leftover.toHandle());
            Files.writeString(work.resolve("pids"), "1 12345\nnot a line\n", java.nio.file.StandardOpenOption.APPEND);
            long mine = running(history, gone); // runs in this process: never taken over
            long elsewhere = running(history, "elsewhere.example|4242|1700000000000|abcd1234"); // fresh heartbeat

            CrashRecovery recovery = recovery(db, false);
            assertThat(recovery.takeOverOrphans(id -> id == mine)).extracting(DeployRecord::id)
                    .containsExactly(orphan);

            DeployRecord d = history.find(orphan).orElseThrow();
            assertThat(d.status()).isEqualTo(DeployStatus.INTERRUPTED);
            assertThat(d.detail()).isEqualTo("interrupted: BMO restarted while it ran; the lock is released"
                    + " (stopped 1 leftover process(es))");
            assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(locks.find("tiny", "test")).isEmpty();
            assertThat(history.find(mine).orElseThrow().status()).isEqualTo(DeployStatus.RUNNING);
            assertThat(history.find(elsewhere).orElseThrow().status()).isEqualTo(DeployStatus.RUNNING);

            // silent for long: a one-shot BMO still leaves another host's deploy to the worker BMO
            silence(db, elsewhere);
            assertThat(recovery.takeOverOrphans(id -> id == mine)).isEmpty();
            CrashRecovery worker = recovery(db, true);
            assertThat(worker.takeOverOrphans(id -> id == mine)).extracting(DeployRecord::id)
                    .containsExactly(elsewhere);
        } finally {
            leftover.destroyForcibly();
        }
    }

    @Test
    void aLivePidWithAnotherStartTimeIsTakenOverOnlyOnceItsHeartbeatIsSilent() throws Exception {
        Process live = new ProcessBuilder("sleep", "300").start();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            DeployHistory history = new DeployHistory(db.jdbc());
            // a start time an hour off: a reused pid, or a JVM whose boot time went stale (a clock set right)
            long start = live.toHandle().info().startInstant().map(java.time.Instant::toEpochMilli).orElseThrow();
            long id = running(history, InetAddress.getLocalHost().getHostName() + "|" + live.pid() + "|"
                    + (start - 3_600_000) + "|other");
            CrashRecovery worker = recovery(db, true);
            assertThat(worker.takeOverOrphans(x -> false)).as("its heartbeat is fresh").isEmpty();
            assertThat(history.find(id).orElseThrow().status()).isEqualTo(DeployStatus.RUNNING);

            silence(db, id);
            assertThat(worker.takeOverOrphans(x -> false)).extracting(DeployRecord::id).containsExactly(id);
        } finally {
            live.destroyForcibly();
        }
    }

    /** Crash recovery as this process's BMO would run it (one-shot or worker), heartbeat timeout 60 s. */
    private CrashRecovery recovery(TestDatabase db, boolean worker) {
        return new CrashRecovery(new DeployHistory(db.jdbc()), new LockStore(db.jdbc()), new AuditLog(db.jdbc()), catalog,
                new ServiceRepos(new GitRepo(repo.dir), dir.resolve("state/repos")), deploysDir,
                ProcessOwner.current(), Duration.ofSeconds(60), worker);
    }

    /** The deploy's owner has been silent for 10 minutes. */
    private static void silence(TestDatabase db, long id) {
        db.jdbc().update("UPDATE deploys SET heartbeat_at = ? WHERE id = ?",
                java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(600)), id);
    }

    private static long running(DeployHistory history, String owner) {
        long id = history.record(new NewDeploy(null, "deploy", "tiny", "test", "", "main", "alice", false, false,
                null, null)).deploy().id();
        history.transition(id, EnumSet.of(DeployStatus.REQUESTED), DeployStatus.RUNNING, null);
        history.own(id, owner);
        return id;
    }

    /** The owner string of a BMO on this host whose process no longer runs. */
    private static String deadOwner() throws Exception {
        Process p = new ProcessBuilder("true").start();
        long start = p.toHandle().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(1L);
        p.waitFor();
        return InetAddress.getLocalHost().getHostName() + "|" + p.pid() + "|" + start + "|gone";
    }
}
