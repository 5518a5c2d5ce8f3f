package dev.bmo.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CommonTagsAutoConfigurationTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyMeterCarriesServiceEnvVersionAndHost() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CommonTagsAutoConfiguration.class))
                .withPropertyValues("spring.application.name=bmo-resizer", "BMO_ENV=staging", "BMO_VERSION=1.2.3", "BMO_HOST=web-1")
                .run(context -> {
                    MeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(MeterRegistryCustomizer.class).customize(registry);
                    registry.counter("probe").increment();
                    assertThat(registry.get("probe").counter().getId().getTags()).extracting(t -> t.getKey() + "=" + t.getValue())
                            .contains("service=bmo-resizer", "env=staging", "version=1.2.3", "host=web-1");
                });
    }
}
