package dev.bmo.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The fleet's observability settings, shared by every process and read from {@code BMO_...} variables
 * (twelve-factor). Added last, so a service's own configuration still wins.
 *
 * <ul>
 *   <li>Actuator exposes health (with liveness and readiness groups), info and metrics, nothing else.</li>
 *   <li>The Datadog registry is on only when {@code BMO_DATADOG_API_KEY} is set: it refuses to start
 *       without a key, and a machine without one must still run.</li>
 *   <li>Trace ids (Micrometer Tracing, W3C) follow HTTP requests and RabbitMQ messages.</li>
 * </ul>
 */
public class ObservabilityDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "bmoObservabilityDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("management.endpoints.web.exposure.include", "health,info,metrics");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("management.endpoint.health.show-components", "always");
        defaults.put("management.endpoint.health.show-details", "always");
        defaults.put("management.info.git.mode", "simple");
        defaults.put(BuildFacts.VERSION_PROPERTY, BuildFacts.version());
        defaults.put(BuildFacts.COMMIT_PROPERTY, BuildFacts.commit());
        // Latency percentiles computed in the process, so dashboards, monitors and `bmo metrics`
        // read the same p50/p95/p99 (Datadog gets them as <name>.percentile with a phi tag).
        for (String meter : new String[] {"http.server.requests", "bmo", "resizer", "media", "converter", "api"}) {
            defaults.put("management.metrics.distribution.percentiles." + meter, "0.5,0.95,0.99");
        }

        // Trace ids travel over HTTP (W3C traceparent) and RabbitMQ headers and reach every log line; no span is
        // recorded (there is no tracing backend), unless a caller's traceparent asks for it
        defaults.put("management.tracing.sampling.probability", "0.0");
        defaults.put("spring.rabbitmq.listener.simple.observation-enabled", "true");
        defaults.put("spring.rabbitmq.template.observation-enabled", "true");

        // Placeholders resolve late, so a setting made after start-up processing still counts.
        String apiKey = environment.getProperty("BMO_DATADOG_API_KEY", "");
        defaults.put("management.datadog.metrics.export.enabled", String.valueOf(!apiKey.isBlank()));
        defaults.put("management.datadog.metrics.export.api-key", "${BMO_DATADOG_API_KEY:}");
        defaults.put("management.datadog.metrics.export.application-key", "${BMO_DATADOG_APPLICATION_KEY:}");
        defaults.put("management.datadog.metrics.export.uri", "${BMO_DATADOG_URI:https://api.datadoghq.com}");
        defaults.put("management.datadog.metrics.export.step", "${BMO_DATADOG_STEP:1m}");
        // the host is already a common tag; Datadog's own host field takes it from there
        defaults.put("management.datadog.metrics.export.host-tag", "host");
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }
}
