package dev.bmo.bot.fleet;

import dev.bmo.bot.text.TextTable;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code bmo metrics <service> from datadog}: the last hour of a service's request figures per host from
 * Datadog's query API ({@code GET /api/v1/query}), for when the question is "how has it been" rather
 * than "how is it now". Needs an API key and an application key.
 */
public class DatadogQueries {

    private final URI site;
    private final String apiKey;
    private final String applicationKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public DatadogQueries(URI site, String apiKey, String applicationKey) {
        this.site = site;
        this.apiKey = apiKey;
        this.applicationKey = applicationKey;
    }

    /** Columns of the reply and the query behind each; {service} and {env} are filled in. */
    static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("req/s", "sum:bmo.requests.count{service:%s,env:%s} by {host}.as_rate()");
        COLUMNS.put("p50 ms", "max:bmo.requests.percentile{service:%s,env:%s,phi:0.5} by {host}");
        COLUMNS.put("p95 ms", "max:bmo.requests.percentile{service:%s,env:%s,phi:0.95} by {host}");
        COLUMNS.put("p99 ms", "max:bmo.requests.percentile{service:%s,env:%s,phi:0.99} by {host}");
        COLUMNS.put("5xx/s", "sum:bmo.requests.failed{service:%s,env:%s} by {host}.as_rate()");
    }

    /** Averages over the last hour, per host, as a table. */
    public String lastHour(String service, String env, Instant now) throws IOException, InterruptedException {
        Map<String, Map<String, Double>> byHost = new TreeMap<>();
        for (Map.Entry<String, String> column : COLUMNS.entrySet()) {
            String query = String.format(column.getValue(), service, env);
            for (JsonNode series : query(query, now.minus(Duration.ofHours(1)), now).path("series")) {
                String host = host(series).orElse("(all)");
                double avg = series.path("pointlist").valueStream().map(p -> p.get(1))
                        .filter(v -> v != null && !v.isNull()).mapToDouble(JsonNode::asDouble).average().orElse(Double.NaN);
                byHost.computeIfAbsent(host, h -> new LinkedHashMap<>()).put(column.getKey(), avg);
            }
        }
        if (byHost.isEmpty()) {
            return "Datadog has no data for " + service + " in " + env + " in the last hour.";
        }
        TextTable table = new TextTable("host", "req/s", "p50 ms", "p95 ms", "p99 ms", "5xx/s");
        byHost.forEach((host, values) -> table.row(host, MetricsProbe.num(values.get("req/s")), MetricsProbe.num(values.get("p50 ms")),
                MetricsProbe.num(values.get("p95 ms")), MetricsProbe.num(values.get("p99 ms")), MetricsProbe.num(values.get("5xx/s"))));
        return table + "\n(averages over the last hour, from Datadog)";
    }

    /** The {@code host:} tag of one series of a {@code by {host}} answer. */
    public static Optional<String> host(JsonNode series) {
        return series.path("tag_set").valueStream().map(JsonNode::asString).filter(t -> t.startsWith("host:"))
                .map(t -> t.substring(5)).findFirst();
    }

    /** One query of Datadog's v1 query API over [from, to]: its {@code series}, as Datadog answers them. */
    public JsonNode query(String query, Instant from, Instant to) throws IOException, InterruptedException {
        URI uri = site.resolve("/api/v1/query?from=" + from.getEpochSecond() + "&to=" + to.getEpochSecond()
                + "&query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("DD-API-KEY", apiKey).header("DD-APPLICATION-KEY", applicationKey).header("Accept", "application/json")
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 403 || response.statusCode() == 401) {
            throw new IOException("Datadog refused the keys (" + response.statusCode() + "): check BMO_DATADOG_API_KEY and BMO_DATADOG_APPLICATION_KEY");
        }
        if (response.statusCode() != 200) {
            throw new IOException("Datadog answered " + response.statusCode() + " to " + query);
        }
        JsonNode body = json.readTree(response.body());
        if (!"ok".equals(body.path("status").asString("ok"))) {
            throw new IOException("Datadog could not run " + query + ": " + body.path("error").asString());
        }
        return body;
    }
}
