package dev.bmo.bot.metrics;

import dev.bmo.bot.deploy.DeployService;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Subscribes BMO's meters to the deploys it runs. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    DeployMetrics deployMetrics(MeterRegistry registry, DeployService deploys) {
        DeployMetrics metrics = new DeployMetrics(registry);
        deploys.subscribe(metrics);
        return metrics;
    }
}
