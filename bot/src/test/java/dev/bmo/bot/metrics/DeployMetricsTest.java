package dev.bmo.bot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.DeploySummary;
import dev.bmo.bot.history.DeployStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployMetricsTest {

    @Test
    void countsDeploysByResultAndTimesStages() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DeployMetrics metrics = new DeployMetrics(registry);
        metrics.on(new DeployEvent.StageFinished(1, Instant.now(), "build", DeployEvent.StageOutcome.PASSED, Duration.ofSeconds(40), ""));
        metrics.on(new DeployEvent.Finished(1, Instant.now(), new DeploySummary(1, "deploy", "resizer", "local",
                DeployStatus.FAILED, "abc", "0.1.0", "ana", List.of(), Map.of(), Duration.ofSeconds(90), "host down")));

        assertThat(registry.get("bmo.deploys").tags("deployed_service", "resizer", "deployed_env", "local", "result", "failed")
                .timer().totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(90.0);
        assertThat(registry.get("bmo.deploy.stage").tags("stage", "build", "outcome", "passed").timer().count()).isEqualTo(1);
    }
}
