package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.git.GitRepo;
import dev.bmo.bot.git.ServiceRepos;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.NewDeploy;
import dev.bmo.bot.support.QuickStage;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.bot.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One deploy's stages in order, stopped by the first failure, and the end handed back to the state machine. */
class PipelineRunTest {

    @TempDir
    Path dir;

    @Test
    void theStagesRunInOrderUntilOneFailsAndTheEndSaysWhich() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        Catalog catalog = CatalogLoader.load(repo.dir.resolve("catalog.yml"));
        Stage broken = new Stage() {
            @Override
            public String name() {
                return "build";
            }

            @Override
            public StageResult run(DeployContext ctx) throws Exception {
                throw new StageFailure("the compiler said no");
            }
        };
        List<String> ends = new ArrayList<>();
        Map<String, Duration> took = new LinkedHashMap<>();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            DeployHistory history = new DeployHistory(db.jdbc());
            LiveDeploys live = new LiveDeploys();
            DeployEvents events = new DeployEvents(history, live);
            List<DeployEvent> seen = new ArrayList<>();
            events.subscribe(seen::add);
            long id = history.record(new NewDeploy(null, "deploy", "tiny", "test", "", "main", "alice", false, false,
                    null, null)).deploy().id();
            history.transition(id, EnumSet.of(DeployStatus.REQUESTED), DeployStatus.RUNNING, null);
            DeployRecord d = history.find(id).orElseThrow();
            PipelineRun run = new PipelineRun(new DeployPipeline(List.of(new QuickStage("resolve"), broken,
                    new QuickStage("never"))), history, new DeployTargets(catalog, repo.dir), events, repo.dir,
                    new ServiceRepos(new GitRepo(repo.dir), dir.resolve("state/repos")), dir.resolve("state/deploys"),
                    (deploy, from, end, detail, times) -> {
                        ends.add("#" + deploy + " " + from + " -> " + end + ": " + detail);
                        took.putAll(times);
                    });

            run.run(d, List.of("h1"), live.open(id));

            assertThat(ends).containsExactly("#" + id + " [RUNNING] -> FAILED: build failed: the compiler said no");
            assertThat(took).containsOnlyKeys("resolve", "build");
            assertThat(seen).filteredOn(DeployEvent.StageStarted.class::isInstance).hasSize(2);
            assertThat(seen).filteredOn(DeployEvent.StageFinished.class::isInstance)
                    .extracting(e -> ((DeployEvent.StageFinished) e).outcome())
                    .containsExactly(DeployEvent.StageOutcome.PASSED, DeployEvent.StageOutcome.FAILED);
            assertThat(Files.isDirectory(dir.resolve("state/deploys/" + id))).isTrue();
        }
    }

    @Test
    void bmosOwnTimeIsEachStagesTimeLessItsTools() {
        Map<String, Duration> own = new LinkedHashMap<>();
        own.put("build", Duration.ofMillis(1500));
        own.put("deploy", Duration.ofMillis(500));
        assertThat(PipelineRun.overhead(own, Duration.ofSeconds(90))).startsWith("BMO's own time: ")
                .contains("(build ").contains(", deploy ")
                .contains("); Maven, packaging, aptly, Ansible and the canary analysis' windows: ");
    }
}
