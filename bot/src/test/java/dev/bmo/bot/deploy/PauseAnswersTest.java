package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.command.Caller;
import dev.bmo.bot.history.AuditLog;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.NewDeploy;
import dev.bmo.bot.process.Cancellation;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.bot.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answering a rollout the canary analysis paused: only where it runs, only while it waits. */
class PauseAnswersTest {

    @TempDir
    Path dir;

    @Test
    void aPausedRolloutGoesOnWhenAnsweredWhereItRunsAndTheAnswerIsReportedFirst() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        Catalog catalog = CatalogLoader.load(repo.dir.resolve("catalog.yml"));
        Caller alice = new Caller("alice", Set.of());
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            DeployHistory history = new DeployHistory(db.jdbc());
            AuditLog audit = new AuditLog(db.jdbc());
            LiveDeploys live = new LiveDeploys();
            DeployEvents events = new DeployEvents(history, live);
            List<DeployEvent> seen = new CopyOnWriteArrayList<>();
            events.subscribe(seen::add);
            PauseAnswers pauses = new PauseAnswers(history, new DeployTargets(catalog, repo.dir),
                    new DeployPermissions(catalog, audit), live, audit, events);
            long id = history.record(new NewDeploy(null, "deploy", "tiny", "test", "", "main", "alice", false, false,
                    null, null)).deploy().id();
            history.transition(id, EnumSet.of(DeployStatus.REQUESTED), DeployStatus.RUNNING, null);

            assertThatThrownBy(() -> pauses.answer(alice, id + 100, false)).isInstanceOf(DeployRefused.class)
                    .hasMessage("There is no deploy #" + (id + 100) + ".");
            assertThatThrownBy(() -> pauses.answer(alice, id, false)).isInstanceOf(DeployRefused.class)
                    .hasMessage("Deploy #" + id + " is not running in this BMO: answer it where it runs.");
            LiveDeploys.Live l = live.open(id);
            live.running(id);
            assertThatThrownBy(() -> pauses.answer(alice, id, true)).isInstanceOf(DeployRefused.class)
                    .hasMessage("Deploy #" + id + " is not paused: nothing waits for an answer (it is "
                            + DeployStatus.RUNNING.word() + ").");

            CompletableFuture<Optional<Boolean>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return l.pause.await(Duration.ofSeconds(30), new Cancellation());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!l.pause.paused() && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(pauses.answer(alice, id, false)).isEqualTo("Deploy #" + id + " goes on.");
            assertThat(waiting.get(10, TimeUnit.SECONDS)).contains(true);
            assertThat(seen).singleElement().isInstanceOf(DeployEvent.Resumed.class);
            assertThat(audit.recent(5)).anySatisfy(a -> assertThat(a.action()).isEqualTo("continue"));
        }
    }
}
