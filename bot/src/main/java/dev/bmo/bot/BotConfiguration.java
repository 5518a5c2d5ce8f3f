package dev.bmo.bot;

import dev.bmo.bot.ansible.AnsibleRunner;
import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.command.CommandCore;
import dev.bmo.bot.command.CommandHandler;
import dev.bmo.bot.command.DeployCommands;
import dev.bmo.bot.command.Grammar;
import dev.bmo.bot.command.HelpCommand;
import dev.bmo.bot.command.HistoryCommands;
import dev.bmo.bot.command.LockCommands;
import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.deploy.DeployService;
import dev.bmo.bot.deploy.HealthProbe;
import dev.bmo.bot.deploy.stage.BuildStage;
import dev.bmo.bot.deploy.stage.ChecksStage;
import dev.bmo.bot.deploy.stage.PackageStage;
import dev.bmo.bot.deploy.stage.PublishStage;
import dev.bmo.bot.deploy.stage.RecordStage;
import dev.bmo.bot.deploy.stage.ResolveStage;
import dev.bmo.bot.deploy.stage.RolloutStage;
import dev.bmo.bot.deploy.stage.VerifyStage;
import dev.bmo.bot.canary.TrafficSources;
import dev.bmo.bot.fleet.ActuatorClient;
import dev.bmo.bot.fleet.DatadogSettings;
import dev.bmo.bot.history.AuditLog;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.lock.LockStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires BMO's features together from {@link BmoProperties}. */
@Configuration
@EnableConfigurationProperties(BmoProperties.class)
public class BotConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Catalog catalog(BmoProperties props) {
        return CatalogLoader.load(props.resolve(props.catalog()));
    }

    @Bean
    DeployHistory deployHistory(JdbcTemplate jdbc) {
        return new DeployHistory(jdbc);
    }

    @Bean
    LockStore lockStore(JdbcTemplate jdbc) {
        return new LockStore(jdbc);
    }

    @Bean
    AuditLog auditLog(JdbcTemplate jdbc) {
        return new AuditLog(jdbc);
    }

    @Bean
    DatadogSettings datadogSettings(@Value("${BMO_METRICS_SOURCE:actuator}") String source,
            @Value("${BMO_DATADOG_URI:https://api.datadoghq.com}") String uri,
            @Value("${BMO_DATADOG_API_KEY:}") String apiKey,
            @Value("${BMO_DATADOG_APPLICATION_KEY:}") String applicationKey,
            @Value("${BMO_DATADOG_STEP:1m}") Duration step) {
        return new DatadogSettings(source, uri, apiKey, applicationKey, step);
    }

    @Bean
    HealthProbe healthProbe(BmoProperties props, @Value("${BMO_ACTUATOR_TOKEN:}") String actuatorToken) {
        return new HealthProbe(new ActuatorClient(props.healthTimeout(), Optional.of(actuatorToken)));
    }

    /** resolve, checks, build, package, publish, deploy, verify, record: the real thing. */
    @Bean
    @ConditionalOnMissingBean
    DeployPipeline deployPipeline(BmoProperties props, HealthProbe probe, DeployHistory history,
            @Value("${BMO_ACTUATOR_TOKEN:}") String actuatorToken, DatadogSettings datadog) {
        // the canary analysis reads each host's Actuator, or Datadog by host when BMO_METRICS_SOURCE=datadog
        TrafficSources traffic = datadog.queries().map(q -> TrafficSources.datadog(q, datadog.step())).orElse(null);
        return new DeployPipeline(List.of(
                new ResolveStage(),
                new ChecksStage(),
                new BuildStage(props.buildOffline() ? Map.of("BMO_MAVEN_ARGS", "-o") : Map.of(), props.buildTimeout()),
                new PackageStage(props.buildTimeout(), Map.of()),
                new PublishStage(props.buildTimeout(), Map.of()),
                new RolloutStage(new AnsibleRunner(props.ansiblePlaybook()), props.resolve(props.playbook()),
                        props.resolve(props.hostsDir()), props.ansibleTimeout(), actuatorToken, traffic,
                        Clock.systemUTC()),
                new VerifyStage(probe),
                new RecordStage(history)));
    }

    /**
     * Built without I/O; its init method {@code start()} takes over what a gone BMO left unfinished and
     * starts the queue ticker and the heartbeat, before any bean can request a deploy.
     *
     * @param heartbeatTimeout a deploy whose BMO (on another host) was silent this long is taken over
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    DeployService deployService(Catalog catalog, DeployHistory history, LockStore locks, AuditLog audit,
            DeployPipeline pipeline, BmoProperties props, ApplicationArguments args,
            @Value("${BMO_HEARTBEAT_TIMEOUT:60s}") Duration heartbeatTimeout) {
        // a one-shot ./bmo -c runs only what it was asked for; Slack and the interactive shell run the queue
        boolean oneShot = args.getSourceArgs().length > 0 && "-c".equals(args.getSourceArgs()[0]);
        return new DeployService(catalog, history, locks, audit, pipeline, props.repoDir(),
                props.resolve(props.stateDir()).resolve("deploys"), props.queuePoll(), props.approvalTimeout(),
                heartbeatTimeout, !oneShot);
    }

    @Bean
    CommandCore commandCore(Clock clock, DeployService deploys, DeployHistory history, LockStore locks,
            AuditLog audit, Catalog catalog, List<CommandHandler> handlers) {
        return new CommandCore(new Grammar(clock), new DeployCommands(deploys), new HistoryCommands(history, catalog),
                new LockCommands(locks, catalog, history, audit, clock), new HelpCommand(catalog), handlers);
    }
}
