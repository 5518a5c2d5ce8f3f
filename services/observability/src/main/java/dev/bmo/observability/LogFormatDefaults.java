package dev.bmo.observability;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * How every BMO process writes its log: one JSON object per line in Elastic Common Schema (Spring Boot's
 * structured logging), so Filebeat, Logstash or Elastic Agent take the lines with no parsing rules.
 *
 * <p>Each line carries {@code service.name}, {@code service.environment} ({@code BMO_ENV}),
 * {@code service.version} ({@code BMO_VERSION}, which deploys set to the release, else the build's), {@code service.node.name} and
 * {@code host.name} ({@code BMO_HOST}, the inventory's name, else this machine's), {@code labels.commit}
 * (the commit the jar was built from, added by {@link EcsLogFormatter}), and the request's
 * {@code trace.id}/{@code span.id} when there is one.
 *
 * <p>Fields a line adds (SLF4J key-value pairs, MDC) may go under {@code labels}. A line whose pairs start with
 * a name every line has ({@code service}, {@code host}, {@code log}, {@code process}) is written with all its
 * pairs under {@code labels} instead ({@code host.ip} as {@code labels.host_ip}; {@link EcsLogFormatter}), never
 * dropped.
 *
 * <p>{@code BMO_LOG_FORMAT=text} gives Spring Boot's plain lines instead, for a developer's terminal.
 * Runs after the services' own files are read (they may not set these) and before logging starts.
 */
public class LogFormatDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "bmoLogFormatDefaults";
    static final String FORMAT_VARIABLE = "BMO_LOG_FORMAT";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = environment.getProperty(FORMAT_VARIABLE, "ecs").strip().toLowerCase(Locale.ROOT);
        if (format.equals("text")) {
            // Boot's text lines show the trace under Brave's MDC names; BMO's are ECS's (TracingAutoConfiguration)
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(
                    "logging.pattern.correlation", "[%X{" + TracingAutoConfiguration.TRACE_ID + ":-},%X{"
                            + TracingAutoConfiguration.SPAN_ID + ":-}] ")));
            return;
        }
        if (!format.equals("ecs")) {
            throw new IllegalStateException(FORMAT_VARIABLE + " is '" + format + "': use ecs (JSON lines, the default)"
                    + " or text (for a terminal)");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        // Boot's "ecs", encoded faster (EcsLogFormatter says why)
        settings.put("logging.structured.format.console", EcsLogFormatter.class.getName());
        settings.put("logging.structured.format.file", EcsLogFormatter.class.getName());
        settings.put("logging.structured.ecs.service.environment", "${BMO_ENV:local}");
        settings.put("logging.structured.ecs.service.version", "${BMO_VERSION:${bmo.build.version:unknown}}");
        String host = environment.getProperty("BMO_HOST", "");
        String hostName = CommonTagsAutoConfiguration.hostName(host);
        settings.put("logging.structured.ecs.service.node-name", hostName);
        settings.put("logging.structured.json.add.host.name", hostName);
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, settings));
    }
}
