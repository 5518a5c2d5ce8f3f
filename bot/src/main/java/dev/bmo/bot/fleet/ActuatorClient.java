package dev.bmo.bot.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a service's Actuator endpoints with a short timeout. Health answers 503 with a body when a
 * component is down, so the body is read whatever the status. A token ({@code BMO_ACTUATOR_TOKEN})
 * is sent when the fleet protects info and metrics.
 */
public class ActuatorClient {

    /** Why a host could not be read: people see this in the status table. */
    public static class Unreachable extends Exception {
        public Unreachable(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final Optional<String> token;
    private final ObjectMapper json = new ObjectMapper();

    public ActuatorClient(Duration timeout, Optional<String> token) {
        this.timeout = timeout;
        this.token = token.filter(t -> !t.isBlank());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public JsonNode health(ServiceHost host) throws Unreachable {
        return health(host, "/actuator/health");
    }

    /** Health at a service's own path (the catalog's {@code health_path}); a 503 with a body is an answer. */
    public JsonNode health(ServiceHost host, String path) throws Unreachable {
        return get(host, path, true);
    }

    public JsonNode info(ServiceHost host) throws Unreachable {
        return info(host, "/actuator/info");
    }

    /** Info at a service's own path (the catalog's {@code info_path}). */
    public JsonNode info(ServiceHost host, String path) throws Unreachable {
        return get(host, path, false);
    }

    /** One meter, optionally narrowed by tags given as {@code key:value}; empty when the meter does not exist yet. */
    public Optional<JsonNode> metric(ServiceHost host, String name, String... tags) throws Unreachable {
        StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(URLEncoder.encode(tags[i], StandardCharsets.UTF_8));
        }
        try {
            return Optional.of(get(host, path.toString(), false));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /** One statistic (COUNT, TOTAL_TIME, VALUE, ...) of a meter's answer; 0 for a meter that does not exist yet. */
    public static double statistic(Optional<JsonNode> meter, String statistic) {
        return meter.map(j -> j.path("measurements").valueStream()
                        .filter(m -> statistic.equals(m.path("statistic").asString()))
                        .mapToDouble(m -> m.path("value").asDouble()).findFirst().orElse(0.0))
                .orElse(0.0);
    }

    private static final class NotFound extends Unreachable {
        NotFound(String message) {
            super(message);
        }
    }

    private JsonNode get(ServiceHost host, String path, boolean anyStatus) throws Unreachable {
        URI uri = host.baseUri().resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new Unreachable("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new Unreachable(e.getClass().getSimpleName().equals("ConnectException") ? "connection refused" : describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
        if (response.statusCode() == 404) {
            throw new NotFound(path + " not found");
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new Unreachable(path + " refused BMO (" + response.statusCode() + "): is BMO_ACTUATOR_TOKEN the fleet's?");
        }
        if (!anyStatus && response.statusCode() != 200) {
            throw new Unreachable(path + " answered " + response.statusCode());
        }
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw new Unreachable(path + " answered something that is not JSON");
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
