package dev.bmo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a running API over real HTTP and checks every exchange against the API's own OpenAPI document
 * ({@code /v3/api-docs}, as served) with Atlassian's swagger-request-validator: an answer the contract does not
 * describe (status, body, required fields, enum values, content type) fails the test that saw it.
 */
final class ContractCheckedClient {

    record Reply(int status, Map<String, java.util.List<String>> headers, String body, long millis) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final OpenApiInteractionValidator validator;
    private int checked;

    ContractCheckedClient(String base) {
        this.base = base;
        String spec = send(HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).build()).body();
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
    }

    Reply get(String pathAndQuery, String apiKey, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (apiKey != null) {
            b.header("X-Api-Key", apiKey);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpRequest request = b.build();
        Reply reply = send(request);
        if (pathAndQuery.startsWith("/v1/")) { // the contract's paths; Actuator and the document itself are not in it
            check(request, reply);
        }
        return reply;
    }

    /** Any other exchange (Actuator's, say), unchecked: {@code body} is JSON, or null for none. */
    Reply call(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    /** What the contract says is wrong with an answer: the validator's errors (none when it keeps to it). */
    String errorsFor(String path, int status, String json) {
        ValidationReport report = validator.validateResponse(path, com.atlassian.oai.validator.model.Request.Method.GET,
                SimpleResponse.Builder.status(status).withContentType("application/json").withBody(json).build());
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage()).collect(Collectors.joining("\n"));
    }

    /** How many exchanges were checked against the contract. */
    int checked() {
        return checked;
    }

    private void check(HttpRequest request, Reply reply) {
        URI uri = request.uri();
        SimpleRequest.Builder req = SimpleRequest.Builder.get(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                req.withQueryParam(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        request.headers().map().forEach((k, v) -> req.withHeader(k, v));
        SimpleResponse.Builder resp = SimpleResponse.Builder.status(reply.status());
        reply.headers().forEach((k, v) -> {
            if (!k.equals(":status")) {
                resp.withHeader(k, v);
            }
        });
        if (!reply.body().isEmpty()) {
            resp.withBody(reply.body());
        }
        ValidationReport report = validator.validate(req.build(), resp.build());
        String errors = report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                // the answers are checked; requests the tests make wrong on purpose (no key, bad parameters) are not
                .filter(m -> m.getKey().startsWith("validation.response"))
                .map(m -> m.getKey() + ": " + m.getMessage()).collect(Collectors.joining("\n"));
        assertThat(errors).as("GET " + uri + " -> " + reply.status() + " " + reply.body()
                + "\ndoes not keep to /v3/api-docs").isEmpty();
        checked++;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private Reply send(HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().map(), r.body(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
