package dev.bmo.bot.fleet;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether BMO reads the fleet's figures from Datadog ({@code BMO_METRICS_SOURCE=datadog}, with both keys)
 * rather than from each host's Actuator: for {@code bmo metrics} and the canary analysis alike.
 *
 * @param step the services' Datadog step ({@code BMO_DATADOG_STEP}): the finest bucket a query can use
 */
public record DatadogSettings(String source, String uri, String apiKey, String applicationKey, Duration step) {

    public static final DatadogSettings NONE = new DatadogSettings("actuator", "https://api.datadoghq.com", "", "",
            Duration.ofMinutes(1));

    /** Datadog's query API, when it is the source and both keys are there. */
    public Optional<DatadogQueries> queries() {
        return "datadog".equalsIgnoreCase(source) && !apiKey.isBlank() && !applicationKey.isBlank()
                ? Optional.of(new DatadogQueries(URI.create(uri), apiKey, applicationKey))
                : Optional.empty();
    }
}
