package dev.bmo.bot.metrics;

import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.DeployListener;
import dev.bmo.bot.deploy.DeploySummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;

/**
 * BMO's own figures, from the deploy events every deploy emits: deploys by the deployed service
 * and environment ({@code deployed_service}, {@code deployed_env}: {@code service} and {@code env} are BMO's own
 * common tags) and result ({@code bmo.deploys}, a timer, so the count and the duration come together), and how long each
 * stage took and how it ended ({@code bmo.deploy.stage}).
 */
public class DeployMetrics implements DeployListener {

    private final MeterRegistry registry;

    public DeployMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void on(DeployEvent event) {
        if (event instanceof DeployEvent.Finished f) {
            DeploySummary s = f.summary();
            Timer.builder("bmo.deploys").description("deploys and rollbacks that ended, by result")
                    .tag("deployed_service", s.service()).tag("deployed_env", s.env()).tag("kind", s.kind())
                    .tag("result", s.status().name().toLowerCase(Locale.ROOT))
                    .register(registry).record(s.total());
        } else if (event instanceof DeployEvent.StageFinished st) {
            Timer.builder("bmo.deploy.stage").description("deploy stages, by stage and outcome")
                    .tag("stage", st.stage()).tag("outcome", st.outcome().name().toLowerCase(Locale.ROOT))
                    .register(registry).record(st.took());
        }
    }
}
