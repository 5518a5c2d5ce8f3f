package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.NewDeploy;
import dev.bmo.bot.support.TestDatabase;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The bus: stored as the deploy's log, delivered to its listeners and to every subscriber, relayed from elsewhere. */
class DeployEventsTest {

    @Test
    void anEventIsStoredThenDeliveredToTheDeploysListenersAndEverySubscriberPastOneThatThrows() {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            DeployHistory history = new DeployHistory(db.jdbc());
            LiveDeploys live = new LiveDeploys();
            DeployEvents events = new DeployEvents(history, live);
            long id = history.record(new NewDeploy(null, "deploy", "tiny", "test", "", "main", "alice", false, false,
                    null, null)).deploy().id();
            List<String> seen = new CopyOnWriteArrayList<>();
            live.open(id);
            live.running(id);
            events.follow(id, e -> seen.add("own " + e.getClass().getSimpleName()));
            events.follow(id + 1, e -> seen.add("never: not followed here"));
            events.subscribe(e -> {
                throw new IllegalStateException("a broken adapter");
            });
            DeployListener subscriber = e -> seen.add("all " + e.getClass().getSimpleName());
            events.subscribe(subscriber);

            events.emit(id, new DeployEvent.LogLine(id, Instant.now(), "hello"));
            assertThat(seen).containsExactly("own LogLine", "all LogLine");
            assertThat(history.logAfter(id, 0)).extracting(DeployHistory.LogEntry::line).anyMatch(l -> l.contains("hello"));

            events.unsubscribe(subscriber);
            events.toSubscribers(new DeployEvent.LogLine(id, Instant.now(), "not stored"));
            assertThat(seen).hasSize(2);
            assertThat(history.logAfter(id, 0)).hasSize(1);
        }
    }

    @Test
    void aDeployRunElsewhereReachesItsListenersHereFromTheStoredLogAndEndsHere() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            DeployHistory history = new DeployHistory(db.jdbc());
            LiveDeploys live = new LiveDeploys();
            DeployEvents events = new DeployEvents(history, live);
            long id = history.record(new NewDeploy(null, "deploy", "tiny", "test", "", "main", "alice", false, false,
                    null, null)).deploy().id();
            List<DeployEvent> seen = new CopyOnWriteArrayList<>();
            LiveDeploys.Live l = live.open(id); // followed here, run by another BMO
            events.follow(id, seen::add);

            history.appendLog(id, "#" + id + " a line another BMO wrote");
            events.relayFromElsewhere();
            assertThat(seen).singleElement().isInstanceOfSatisfying(DeployEvent.Relayed.class,
                    r -> assertThat(r.line()).contains("a line another BMO wrote"));
            events.relayFromElsewhere(); // nothing new
            assertThat(seen).hasSize(1);

            history.transition(id, EnumSet.of(DeployStatus.REQUESTED), DeployStatus.RUNNING, null);
            history.transition(id, EnumSet.of(DeployStatus.RUNNING), DeployStatus.SUCCEEDED, null);
            events.relayFromElsewhere();
            assertThat(seen.get(1)).isInstanceOf(DeployEvent.Finished.class);
            assertThat(l.done.get().status()).isEqualTo(DeployStatus.SUCCEEDED);
            assertThat(live.get(id)).isNull();
        }
    }
}
