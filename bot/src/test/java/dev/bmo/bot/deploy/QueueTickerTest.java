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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One tick of the queue, without its threads: what it asks the state machine to do. */
class QueueTickerTest {

    @TempDir
    Path dir;

    private final List<String> moves = new CopyOnWriteArrayList<>();

    private final QueueTicker.Moves recorder = new QueueTicker.Moves() {
        @Override
        public void begin(DeployRecord d, List<String> hosts) {
            moves.add("begin #" + d.id() + " on " + String.join(",", hosts));
        }

        @Override
        public void finish(long id, Set<DeployStatus> from, DeployStatus end, String detail) {
            moves.add("finish #" + id + " " + end + ": " + detail);
        }
    };

    @Test
    void aWorkerExpiresStaleApprovalsAndStartsTheOldestQueuedDeployOfEachServiceAndEnvironment() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            DeployHistory history = new DeployHistory(db.jdbc());
            long waiting = deploy(history, "test", "", DeployStatus.AWAITING_APPROVAL);
            long first = deploy(history, "test", "h2", DeployStatus.QUEUED);
            long second = deploy(history, "test", "", DeployStatus.QUEUED); // behind the first
            long other = deploy(history, "guarded", "", DeployStatus.QUEUED);
            long broken = deploy(history, "guarded", "h9", DeployStatus.QUEUED); // behind `other`: not tried

            try (QueueTicker ticker = ticker(repo, db, history, true, Duration.ZERO)) {
                ticker.tick();
            }
            assertThat(moves).containsExactly(
                    "finish #" + waiting + " EXPIRED: nobody approved within 0 min",
                    "begin #" + first + " on h2",
                    "begin #" + other + " on h1,h2,h3");
            assertThat(String.join("\n", moves)).doesNotContain("#" + second + " ").doesNotContain("#" + broken + " ");
        }
    }

    @Test
    void aOneShotBmoStartsOnlyWhatWasRequestedThroughItAndExpiresNothing() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            DeployHistory history = new DeployHistory(db.jdbc());
            deploy(history, "test", "", DeployStatus.AWAITING_APPROVAL);
            deploy(history, "test", "", DeployStatus.QUEUED); // someone else's
            long mine = deploy(history, "guarded", "nowhere", DeployStatus.QUEUED);

            try (QueueTicker ticker = ticker(repo, db, history, false, Duration.ZERO)) {
                ticker.requestedHere(mine);
                ticker.tick();
            }
            // its hosts limit no longer matches the inventory: the queued deploy fails with why
            assertThat(moves).containsExactly("finish #" + mine + " FAILED: 'nowhere' is neither a host nor a group"
                    + " of guarded (hosts of tiny: h1, h2, h3).");
        }
    }

    private QueueTicker ticker(TestRepo repo, TestDatabase db, DeployHistory history, boolean worker,
            Duration approvalTimeout) {
        Catalog catalog = CatalogLoader.load(repo.dir.resolve("catalog.yml"));
        LiveDeploys live = new LiveDeploys();
        ProcessOwner me = ProcessOwner.current();
        CrashRecovery recovery = new CrashRecovery(history, new LockStore(db.jdbc()), new AuditLog(db.jdbc()), catalog,
                new ServiceRepos(new GitRepo(repo.dir), dir.resolve("state/repos")), dir.resolve("state/deploys"), me,
                Duration.ofSeconds(60), worker);
        return new QueueTicker(history, new DeployEvents(history, live), recovery, live,
                new DeployTargets(catalog, repo.dir), me, worker, Duration.ofMillis(200), Duration.ofSeconds(60),
                approvalTimeout, recorder);
    }

    private static long deploy(DeployHistory history, String env, String hosts, DeployStatus status) {
        long id = history.record(new NewDeploy(null, "deploy", "tiny", env, hosts, "main", "alice", false, true,
                null, null)).deploy().id();
        history.transition(id, EnumSet.of(DeployStatus.REQUESTED), status, null);
        return id;
    }
}
