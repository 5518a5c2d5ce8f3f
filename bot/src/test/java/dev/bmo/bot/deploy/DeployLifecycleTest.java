package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.CommandRequest;
import dev.bmo.bot.command.Reply;
import dev.bmo.bot.deploy.stage.ResolveStage;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.support.QuickStage;
import dev.bmo.bot.support.SleepStage;
import dev.bmo.bot.support.TestBot;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.bot.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The life of a deploy around the pipeline: requests, approvals, locks, queue, cancel, restarts. No Ansible here. */
@Tag("slow") // several BMOs, real git and process trees, real-time heartbeats: ./test --fast leaves it out
class DeployLifecycleTest {

    @TempDir
    Path dir;

    private final Caller alice = new Caller("alice", Set.of());
    private final Caller bob = new Caller("bob", Set.of());
    private final Caller carol = new Caller("carol", Set.of());
    private final Caller mallory = new Caller("mallory", Set.of());

    private TestBot bot(TestDatabase db, TestRepo repo, DeployPipeline pipeline) {
        return new TestBot(db, repo.dir, repo.dir.resolve("catalog.yml"), pipeline, dir.resolve("state"), List.of());
    }

    private static DeployPipeline quick() {
        return new DeployPipeline(List.of(new QuickStage("build"), new QuickStage("deploy")));
    }

    @Test
    void aRetriedRequestNeverStartsASecondDeploy() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        CountDownLatch gate = new CountDownLatch(1);
        try (TestBot bot = bot(TestDatabase.create(TestDatabase.Kind.H2), repo,
                new DeployPipeline(List.of(new QuickStage("build", gate))))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Reply>> replies = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 4; i++) {
                replies.add(pool.submit(() -> {
                    go.await();
                    return bot.core.handle(new CommandRequest(alice, "deploy tiny", "slack:Ev0001", "C1/1.0",
                            DeployListener.NONE));
                }));
            }
            go.countDown();
            List<Reply> all = new ArrayList<>();
            for (Future<Reply> f : replies) {
                all.add(f.get(30, TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertThat(all).extracting(r -> r.deploy().id()).containsOnly(all.get(0).deploy().id());
            assertThat(all).filteredOn(r -> !r.deploy().duplicate()).hasSize(1);
            assertThat(all).filteredOn(r -> r.deploy().duplicate()).allSatisfy(r ->
                    assertThat(r.text()).contains("Already received: this is deploy #"));
            gate.countDown();
            DeploySummary first = all.get(0).deploy().done().get(30, TimeUnit.SECONDS);
            assertThat(first.succeeded()).as(first.detail() + " / " + bot.history.log(first.deployId())).isTrue();
            assertThat(bot.history.list("tiny", null, 10)).hasSize(1);
            assertThat(bot.history.find(all.get(0).deploy().id()).orElseThrow().origin()).isEqualTo("C1/1.0");
        }
    }

    @Test
    void anEnvironmentThatNeedsApprovalWaitsForASecondPerson() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        try (TestBot bot = bot(TestDatabase.create(TestDatabase.Kind.H2), repo, quick())) {
            List<DeployEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            Reply asked = bot.core.handle(new CommandRequest(alice, "deploy tiny to guarded", null, null, events::add));
            assertThat(asked.ok()).isTrue();
            long id = asked.deploy().id();
            assertThat(asked.deploy().status()).isEqualTo(DeployStatus.AWAITING_APPROVAL);
            assertThat(asked.text()).contains("waits for a second person").contains("approve " + id);
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(DeployEvent.AwaitingApproval.class));

            assertThat(bot.core.handle(alice, "approve " + id).text()).contains("cannot approve their own");
            assertThat(bot.core.handle(mallory, "approve " + id).text()).contains("mallory may not approve");
            assertThat(bot.history.find(id).orElseThrow().status()).isEqualTo(DeployStatus.AWAITING_APPROVAL);

            Reply approved = bot.core.handle(carol, "approve #" + id);
            assertThat(approved.ok()).as(approved.text()).isTrue();
            DeploySummary summary = asked.deploy().done().get(30, TimeUnit.SECONDS);
            assertThat(summary.status()).isEqualTo(DeployStatus.SUCCEEDED);
            DeployRecord d = bot.history.find(id).orElseThrow();
            assertThat(d.approvedBy()).isEqualTo("carol");
            assertThat(events).filteredOn(DeployEvent.Approved.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((DeployEvent.Approved) e).by()).isEqualTo("carol"));
            assertThat(bot.audit.recent(20)).anySatisfy(e -> {
                assertThat(e.actor()).isEqualTo("carol");
                assertThat(e.action()).isEqualTo("approve");
            });
            assertThat(bot.core.handle(bob, "approve " + id).text()).contains("not waiting for approval");

            Reply second = bot.core.handle(alice, "deploy tiny to guarded");
            assertThat(bot.core.handle(bob, "reject " + second.deploy().id() + " not during the sale").ok()).isTrue();
            assertThat(second.deploy().done().get(5, TimeUnit.SECONDS).status()).isEqualTo(DeployStatus.REJECTED);
            assertThat(bot.history.log(second.deploy().id())).anyMatch(l -> l.contains("rejected by bob: not during"));
        }
    }

    @Test
    void anApprovalApprovesTheCommitShownAndThatCommitShipsWhereverTheBranchMoves() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        String reviewed = repo.commit("cache rewrite");
        DeployPipeline pipeline = new DeployPipeline(List.of(new ResolveStage(), new QuickStage("deploy")));
        try (TestBot bot = bot(TestDatabase.create(TestDatabase.Kind.H2), repo, pipeline)) {
            Reply asked = bot.core.handle(alice, "deploy tiny to guarded");
            long id = asked.deploy().id();
            // the request and the approval message say which commit is being approved
            assertThat(asked.text()).contains(reviewed.substring(0, 12)).contains("\"cache rewrite\"")
                    .contains("by BMO tests").contains("Approving approves exactly this commit");
            assertThat(bot.history.find(id).orElseThrow().commit()).isEqualTo(reviewed);

            // someone pushes to main between the request and the click
            String pushed = repo.commit("unreviewed change");
            assertThat(bot.core.handle(carol, "approve " + id).ok()).isTrue();
            DeploySummary summary = asked.deploy().done().get(30, TimeUnit.SECONDS);
            assertThat(summary.status()).isEqualTo(DeployStatus.SUCCEEDED);
            assertThat(summary.commit()).as("the approved commit ships, not the new head").isEqualTo(reviewed);
            assertThat(bot.history.log(id)).anyMatch(l -> l.contains("main has moved to " + pushed.substring(0, 12))
                    && l.contains("it ships " + reviewed.substring(0, 12)) && l.contains("approved"));

            // a ref that names nothing is refused at once, before anything is recorded
            Reply unknown = bot.core.handle(alice, "deploy tiny/no-such-branch to guarded");
            assertThat(unknown.ok()).isFalse();
            assertThat(unknown.text()).contains("'no-such-branch' is not a branch, tag or commit");
            assertThat(bot.history.list("tiny", null, 10)).hasSize(1);

            // the next request shows what it adds to what runs there now
            Reply next = bot.core.handle(alice, "deploy tiny to guarded");
            assertThat(next.text()).contains(pushed.substring(0, 12))
                    .contains("1 commit(s) after " + reviewed.substring(0, 12) + ", which runs in guarded");
            bot.core.handle(bob, "reject " + next.deploy().id() + " later");
        }
    }

    @Test
    void aCommitPushedToTheRemoteIsDeployedWithoutAPullAndAnUnreachableRemoteIsRefused() throws Exception {
        TestRepo upstream = new TestRepo(Files.createDirectories(dir.resolve("upstream")));
        Path bare = dir.resolve("remote.git");
        Path clone = dir.resolve("bmo-checkout");
        upstream.git("clone", "-q", "--bare", upstream.dir.toString(), bare.toString());
        upstream.git("remote", "add", "origin", bare.toString());
        upstream.git("clone", "-q", bare.toString(), clone.toString());
        // a developer pushes after BMO's clone was made; nobody pulls on BMO's machine
        String pushed = upstream.commit("pushed later");
        upstream.git("push", "-q", "origin", "main");
        try (TestBot bot = new TestBot(TestDatabase.create(TestDatabase.Kind.H2), clone, clone.resolve("catalog.yml"),
                new DeployPipeline(List.of(new ResolveStage(), new QuickStage("deploy"))),
                dir.resolve("state"), List.of())) {
            Reply r = bot.core.handle(alice, "deploy tiny");
            DeploySummary s = r.deploy().done().get(30, TimeUnit.SECONDS);
            assertThat(s.status()).as(s.detail()).isEqualTo(DeployStatus.SUCCEEDED);
            assertThat(s.commit()).as("what was pushed, fetched at the request").isEqualTo(pushed);

            // the remote goes away: no deploy of whatever the clone last saw
            assertThat(new ProcessBuilder("git", "-C", clone.toString(), "remote", "set-url", "origin",
                    dir.resolve("gone.git").toString()).start().waitFor()).isZero();
            Reply refused = bot.core.handle(alice, "deploy tiny");
            assertThat(refused.ok()).isFalse();
            assertThat(refused.text()).contains("could not fetch " + dir.resolve("gone.git"))
                    .contains("BMO deploys only what it has fetched");
            assertThat(bot.history.list("tiny", null, 10)).hasSize(1);
        }
    }

    @Test
    void aDeployApprovedInAnotherBmoProcessIsFollowedWhereItWasRequested() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        TestBot slack = bot(TestDatabase.create(TestDatabase.Kind.H2), repo, quick());
        TestBot shell = slack.restarted(repo.dir, repo.dir.resolve("catalog.yml"), quick());
        try {
            // requested in "Slack" (its thread listens), approved from "the shell", which runs it
            List<DeployEvent> thread = new java.util.concurrent.CopyOnWriteArrayList<>();
            Reply asked = slack.core.handle(new CommandRequest(alice, "deploy tiny to guarded", null, null, thread::add));
            long id = asked.deploy().id();
            assertThat(shell.core.handle(carol, "approve " + id).ok()).isTrue();
            // the requesting process follows it from the database: its lines, then its end
            DeploySummary s = asked.deploy().done().get(30, TimeUnit.SECONDS);
            assertThat(s.status()).isEqualTo(DeployStatus.SUCCEEDED);
            assertThat(thread).filteredOn(DeployEvent.Relayed.class::isInstance)
                    .extracting(e -> ((DeployEvent.Relayed) e).line())
                    .anyMatch(l -> l.contains("approved by carol")).anyMatch(l -> l.contains("[deploy] passed"));
            assertThat(thread).filteredOn(DeployEvent.Finished.class::isInstance).singleElement();
            assertThat(thread).filteredOn(DeployEvent.Relayed.class::isInstance)
                    .extracting(e -> ((DeployEvent.Relayed) e).line())
                    .as("nothing the requester wrote itself comes back twice")
                    .noneMatch(l -> l.contains("waits") || l.contains("requested by alice"));
        } finally {
            shell.closeServiceOnly();
            slack.close();
        }
    }

    @Test
    void aOneShotBmoLeavesSomeoneElsesQueuedDeployToTheWorkerAndNeverCancelsIt() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
        TestBot oneShot = new TestBot(db, repo.dir, repo.dir.resolve("catalog.yml"), quick(), dir.resolve("state"),
                List.of(), false);
        try {
            // bob's deploy waits in the queue (recorded by another BMO); the lock is free
            long queued = oneShot.history.record(new dev.bmo.bot.history.NewDeploy(null, "deploy", "tiny", "test", "",
                    "main", "bob", false, true, "test", null, repo.head()), "elsewhere|1|1|bmo").deploy().id();
            assertThat(oneShot.history.transition(queued, EnumSet.of(DeployStatus.REQUESTED), DeployStatus.QUEUED,
                    "behind: a test")).isTrue();
            // a one-shot ./bmo -c runs its own command meanwhile (its queue checks tick every 200 ms)...
            assertThat(oneShot.core.handle(carol, "deploys tiny").ok()).isTrue();
            Thread.sleep(1500);
            assertThat(oneShot.history.find(queued).orElseThrow().status()).as("not started by the one-shot")
                    .isEqualTo(DeployStatus.QUEUED);
            // ...and ends, without cancelling it
            oneShot.closeServiceOnly();
            assertThat(oneShot.history.find(queued).orElseThrow().status()).isEqualTo(DeployStatus.QUEUED);
            // the long-running BMO starts it
            try (TestBot worker = bot(db, repo, quick())) {
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        worker.history.find(queued).orElseThrow().status() == DeployStatus.SUCCEEDED);
                // deploys are owned from the moment they are recorded: none can pass for an orphan
                Reply own = worker.core.handle(alice, "deploy tiny");
                assertThat(worker.history.inProgress()).filteredOn(o -> o.deploy().id() == own.deploy().id())
                        .allSatisfy(o -> assertThat(o.runner()).isNotBlank());
                own.deploy().done().get(30, TimeUnit.SECONDS);
            }
        } finally {
            oneShot.closeServiceOnly();
        }
    }

    @Test
    void aDeployThatMeetsALockIsRefusedWithWhoHoldsItOrQueuedWhenAsked() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        try (TestBot bot = bot(TestDatabase.create(TestDatabase.Kind.H2), repo, quick())) {
            assertThat(bot.core.handle(bob, "lock tiny in test load testing").ok()).isTrue();
            Reply refused = bot.core.handle(alice, "deploy! tiny");
            assertThat(refused.ok()).isFalse();
            assertThat(refused.text()).contains("refused").contains("locked by bob").contains("load testing")
                    .contains("Add 'queue'");

            List<DeployEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            Reply queued = bot.core.handle(new CommandRequest(alice, "deploy tiny queue", null, null, events::add));
            assertThat(queued.ok()).isTrue();
            assertThat(queued.deploy().status()).isEqualTo(DeployStatus.QUEUED);
            assertThat(queued.text()).contains("queued").contains("bob").contains("starts when the lock is released");
            Thread.sleep(500);
            assertThat(bot.history.find(queued.deploy().id()).orElseThrow().status()).isEqualTo(DeployStatus.QUEUED);

            assertThat(bot.core.handle(bob, "unlock tiny in test").ok()).isTrue();
            DeploySummary s = queued.deploy().done().get(30, TimeUnit.SECONDS);
            assertThat(s.status()).isEqualTo(DeployStatus.SUCCEEDED);
            assertThat(events).extracting(e -> e.getClass().getSimpleName())
                    .containsSubsequence("Accepted", "Queued", "Started", "Finished");
            assertThat(bot.locks.find("tiny", "test")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void twoBmoProcessesNeverRunTwoDeploysOfTheSameServiceAndEnvironment(TestDatabase.Kind kind) throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        CountDownLatch gate = new CountDownLatch(1);
        DeployPipeline held = new DeployPipeline(List.of(new QuickStage("build", gate)));
        TestDatabase db = TestDatabase.create(kind);
        TestBot first = bot(db, repo, held);
        TestBot second = first.restarted(repo.dir, repo.dir.resolve("catalog.yml"), held);
        try {
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<Reply> a = pool.submit(() -> {
                go.await();
                return first.core.handle(alice, "deploy tiny");
            });
            Future<Reply> b = pool.submit(() -> {
                go.await();
                return second.core.handle(bob, "deploy tiny");
            });
            go.countDown();
            List<Reply> replies = List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));
            pool.shutdown();
            assertThat(replies).filteredOn(r -> r.deploy().status() == DeployStatus.RUNNING).hasSize(1);
            assertThat(replies).filteredOn(r -> r.deploy().status() == DeployStatus.REFUSED).singleElement()
                    .satisfies(r -> assertThat(r.text()).contains("running"));
            gate.countDown();
        } finally {
            gate.countDown();
            second.closeServiceOnly();
            first.close();
        }
    }

    @Test
    void cancellingARunningDeployKillsItsProcesses() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        SleepStage sleeping = new SleepStage();
        try (TestBot bot = bot(TestDatabase.create(TestDatabase.Kind.H2), repo,
                new DeployPipeline(List.of(new QuickStage("build"), sleeping, new QuickStage("verify"))))) {
            Reply r = bot.core.handle(alice, "deploy tiny");
            assertThat(sleeping.started.await(30, TimeUnit.SECONDS)).isTrue();
            ProcessHandle sleep = ProcessHandle.of(sleeping.pid).orElseThrow();
            assertThat(bot.core.handle(mallory, "cancel " + r.deploy().id()).text()).contains("Cancelling");
            DeploySummary s = r.deploy().done().get(30, TimeUnit.SECONDS);
            assertThat(s.status()).isEqualTo(DeployStatus.CANCELLED);
            assertThat(sleep.isAlive()).isFalse();
            assertThat(s.stages()).containsOnlyKeys("build", "deploy");
            assertThat(bot.locks.find("tiny", "test")).isEmpty();
            assertThat(bot.core.handle(alice, "cancel " + r.deploy().id()).text()).contains("already ended");
        }
    }

    /** The owner string of a BMO on this host whose process no longer runs. */
    private static String deadOwner() throws Exception {
        Process p = new ProcessBuilder("true").start();
        long start = p.toHandle().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(1L);
        p.waitFor();
        return java.net.InetAddress.getLocalHost().getHostName() + "|" + p.pid() + "|" + start + "|gone";
    }

    @Test
    void aBmoThatStartsWhileAnotherDeploysLeavesThatDeployAloneButTakesOverASilentHostsDeploy() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        CountDownLatch gate = new CountDownLatch(1);
        // one-shot: the BMO running the deploy must not be the one that takes over (only a worker does)
        TestBot running = new TestBot(TestDatabase.create(TestDatabase.Kind.H2), repo.dir,
                repo.dir.resolve("catalog.yml"), new DeployPipeline(List.of(new QuickStage("build", gate))),
                dir.resolve("state"), List.of(), false);
        TestBot second = null;
        try {
            long mine = running.core.handle(alice, "deploy tiny").deploy().id();
            // a deploy some BMO on another machine runs: alive while its heartbeat is fresh
            long remote = running.history.record(new dev.bmo.bot.history.NewDeploy(null, "deploy", "tiny", "guarded",
                    "", "main", "bob", false, false, null, null)).deploy().id();
            running.history.transition(remote, java.util.EnumSet.of(DeployStatus.REQUESTED), DeployStatus.RUNNING,
                    null);
            running.history.own(remote, "elsewhere.example|4242|1700000000000|abcd1234");

            second = running.restarted(repo.dir, repo.dir.resolve("catalog.yml"), quick());
            assertThat(second.deploys.interruptedAtStartup()).isEmpty();
            assertThat(second.history.find(mine).orElseThrow().status()).isEqualTo(DeployStatus.RUNNING);
            assertThat(second.history.find(remote).orElseThrow().status()).isEqualTo(DeployStatus.RUNNING);
            // a living worker would take the silent deploy over on its next tick, before the third has started
            second.closeServiceOnly();
            second = null;

            // the other machine falls silent: after the heartbeat timeout, a living BMO takes over
            running.db.jdbc().update("UPDATE deploys SET heartbeat_at = ? WHERE id = ?",
                    java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(600)), remote);
            TestBot third = running.restarted(repo.dir, repo.dir.resolve("catalog.yml"), quick());
            assertThat(third.deploys.interruptedAtStartup()).extracting(DeployRecord::id).containsExactly(remote);
            third.closeServiceOnly();
            gate.countDown();
            assertThat(running.deploys.completion(mine).get(30, TimeUnit.SECONDS).succeeded()).isTrue();
        } finally {
            gate.countDown();
            if (second != null) {
                second.closeServiceOnly();
            }
            running.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aRestartInTheMiddleOfADeployMarksItInterruptedFreesTheLockAndStopsWhatItLeft(TestDatabase.Kind kind)
            throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        SleepStage sleeping = new SleepStage();
        DeployPipeline pipeline = new DeployPipeline(List.of(new QuickStage("build"), sleeping));
        TestBot before = bot(TestDatabase.create(kind), repo, pipeline);
        Reply r = before.core.handle(new CommandRequest(alice, "deploy tiny", "slack:Ev9", "C42/1700000000.000100",
                DeployListener.NONE));
        long id = r.deploy().id();
        assertThat(sleeping.started.await(30, TimeUnit.SECONDS)).isTrue();
        ProcessHandle orphan = ProcessHandle.of(sleeping.pid).orElseThrow();
        assertThat(before.locks.find("tiny", "test")).isPresent();

        // BMO "dies": its deploy now belongs to a process that is gone (CrashRecoveryTest kills a
        // real one); nothing of the old service is used again; a new one starts on the same database
        before.db.jdbc().update("UPDATE deploys SET runner = ? WHERE id = ?", deadOwner(), id);
        TestBot after = before.restarted(repo.dir, repo.dir.resolve("catalog.yml"), quick());
        try {
            assertThat(after.deploys.interruptedAtStartup()).singleElement().satisfies(d -> {
                assertThat(d.id()).isEqualTo(id);
                assertThat(d.status()).isEqualTo(DeployStatus.INTERRUPTED);
                assertThat(d.origin()).as("the adapter can tell the right thread").isEqualTo("C42/1700000000.000100");
                assertThat(d.detail()).contains("BMO restarted").contains("stopped 1 leftover process");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> !orphan.isAlive());
            assertThat(after.locks.find("tiny", "test")).isEmpty();
            assertThat(after.history.log(id)).anyMatch(l -> l.contains("interrupted: BMO restarted"));
            assertThat(after.core.handle(bob, "deploy tiny").deploy().done().get(30, TimeUnit.SECONDS).succeeded())
                    .as("the environment is usable again").isTrue();
            // the old process's pipeline thread ends later; it must not overwrite the verdict
            before.closeServiceOnly();
            assertThat(after.history.find(id).orElseThrow().status()).isEqualTo(DeployStatus.INTERRUPTED);
        } finally {
            after.close();
        }
    }
}
