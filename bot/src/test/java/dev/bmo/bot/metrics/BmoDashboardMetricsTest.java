package dev.bmo.bot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.command.Caller;
import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.support.QuickStage;
import dev.bmo.bot.support.TestBot;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * BMO's own dashboard (monitoring/dashboards/bmo.json) names only meters and tags that BMO emits: a
 * deploy runs through the real core, and every query of the dashboard must find its meter. Datadog
 * names a timer's parts {@code <name>.count|sum|avg|max|percentile}; the base is the meter.
 */
class BmoDashboardMetricsTest {

    static final Pattern QUERY = Pattern.compile("(?:avg|sum|min|max):([a-z][a-z0-9_.]*)\\{([^}]*)\\}(?: by \\{([^}]*)\\})?");
    static final Set<String> COMMON = Set.of("service", "env", "version", "host");

    @Test
    void everyMeterAndTagOfBmosDashboardIsEmitted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestBot bot = TestBot.onRealCatalog(new DeployPipeline(List.of(new QuickStage("build"), new QuickStage("deploy"))))) {
            bot.deploys.subscribe(new DeployMetrics(registry));
            assertThat(bot.core.handle(Caller.local(), "deploy resizer").ok()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> bot.history.list("resizer", null, 1).stream()
                    .anyMatch(d -> d.status() == DeployStatus.SUCCEEDED));
        }
        String dashboard = Files.readString(TestBot.repoRoot().resolve("monitoring/dashboards/bmo.json"));
        Matcher m = QUERY.matcher(dashboard);
        SoftAssertions soft = new SoftAssertions();
        int checked = 0;
        while (m.find()) {
            String datadogName = m.group(1);
            if (!datadogName.startsWith("bmo.")) {
                continue; // JVM and process meters: every process has them
            }
            checked++;
            String meter = datadogName.replaceFirst("\\.(count|sum|avg|max|percentile)$", "");
            java.util.Collection<Meter> found = registry.find(meter).meters();
            soft.assertThat(found).as(datadogName + " (meter " + meter + ") is not emitted").isNotEmpty();
            Set<String> tags = new TreeSet<>();
            found.forEach(x -> x.getId().getTags().forEach(t -> tags.add(t.getKey())));
            for (String item : (m.group(2) + "," + (m.group(3) == null ? "" : m.group(3))).split(",")) {
                String key = item.strip().split(":")[0];
                if (key.isEmpty() || key.startsWith("$") || COMMON.contains(key) || key.equals("phi")) {
                    continue;
                }
                soft.assertThat(tags).as(datadogName + " has no tag " + key).contains(key);
            }
        }
        assertThat(checked).as("BMO's own queries in bmo.json").isGreaterThanOrEqualTo(5);
        // the service tag is BMO's application name: a dashboard filtering on another name shows nothing
        String config = Files.readString(TestBot.repoRoot().resolve("bot/src/main/resources/application.yml"));
        Matcher name = Pattern.compile("application:\\s+name: (\\S+)").matcher(config);
        assertThat(name.find()).isTrue();
        Matcher services = Pattern.compile("service:([a-z0-9-]+)").matcher(dashboard);
        while (services.find()) {
            soft.assertThat(services.group(1)).as("service filter in bmo.json").isEqualTo(name.group(1));
        }
        soft.assertAll();
    }
}
