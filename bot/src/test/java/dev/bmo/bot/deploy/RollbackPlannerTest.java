package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.catalog.ServiceSpec;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.NewDeploy;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.bot.support.TestRepo;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which deploy a rollback redeploys, from the history alone. */
class RollbackPlannerTest {

    @TempDir
    Path dir;

    @Test
    void afterASuccessThePreviousCommitAfterAFailureTheLastSuccess() throws Exception {
        Catalog catalog = CatalogLoader.load(new TestRepo(dir).dir.resolve("catalog.yml"));
        ServiceSpec tiny = catalog.service("tiny").orElseThrow();
        EnvironmentSpec test = catalog.environment("test").orElseThrow();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            DeployHistory history = new DeployHistory(db.jdbc());
            RollbackPlanner planner = new RollbackPlanner(history);

            assertThatThrownBy(() -> planner.target(tiny, test)).isInstanceOf(DeployRefused.class)
                    .hasMessage("No successful deploy of tiny in test yet, so there is nothing to roll back to.");

            long a = ended(history, "aaa", DeployStatus.SUCCEEDED);
            assertThatThrownBy(() -> planner.target(tiny, test)).isInstanceOf(DeployRefused.class)
                    .hasMessage("Every successful deploy of tiny in test is of the current commit: there is no "
                            + "previous version.");

            long b = ended(history, "bbb", DeployStatus.SUCCEEDED);
            ended(history, "bbb", DeployStatus.SUCCEEDED); // the same commit again: not a previous version
            assertThat(planner.target(tiny, test).id()).isEqualTo(a);

            // a failed deploy (some hosts may run it): back to the last successful one
            ended(history, "ccc", DeployStatus.FAILED);
            assertThat(planner.target(tiny, test).id()).isNotEqualTo(a);
            assertThat(planner.target(tiny, test).commit()).isEqualTo("bbb");
            assertThat(planner.target(tiny, test).id()).isGreaterThan(b);

            // one still waiting (never started) does not count as the latest
            history.record(new NewDeploy(null, "deploy", "tiny", "test", "", "main", "alice", false, false, null,
                    null, "ddd"));
            assertThat(planner.target(tiny, test).commit()).isEqualTo("bbb");
        }
    }

    private static long ended(DeployHistory history, String commit, DeployStatus end) {
        long id = history.record(new NewDeploy(null, "deploy", "tiny", "test", "", "main", "alice", false, false,
                null, null, commit)).deploy().id();
        history.transition(id, EnumSet.of(DeployStatus.REQUESTED), DeployStatus.RUNNING, null);
        history.transition(id, EnumSet.of(DeployStatus.RUNNING), end, null);
        return id;
    }
}
