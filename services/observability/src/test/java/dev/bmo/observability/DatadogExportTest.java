package dev.bmo.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import dev.bmo.testing.FakeDatadogIntake;
import tools.jackson.databind.JsonNode;

/** A running application sends its meters to a Datadog intake, in Datadog's real wire format. */
@SpringBootTest(classes = ObservedTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=bmo-probe", "BMO_ENV=test", "BMO_VERSION=9.9.9", "BMO_HOST=probe-1",
                "BMO_DATADOG_API_KEY=fake-api-key", "BMO_DATADOG_STEP=1s", "BMO_ACTUATOR_TOKEN=let-me-in"})
class DatadogExportTest {

    static final FakeDatadogIntake INTAKE = start();

    @DynamicPropertySource
    static void intake(DynamicPropertyRegistry registry) {
        registry.add("BMO_DATADOG_URI", INTAKE::uri);
    }

    @AfterAll
    static void stop() {
        INTAKE.close();
    }

    @Autowired
    MeterRegistry registry;

    @LocalServerPort
    int port;

    @Test
    void countersArriveAsSeriesWithTheCommonTags() throws Exception {
        Counter uploads = Counter.builder("bmo.probe.uploads").tag("outcome", "accepted").register(registry);
        uploads.increment(3);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sumOfPoints(INTAKE.series("bmo.probe.uploads"))).isEqualTo(3.0));

        // Actuator (and so `bmo metrics`) still reads the total since start, not the last step's count
        await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get("/actuator/metrics/bmo.probe.uploads", "Bearer let-me-in").body()).contains("\"value\":3.0"));

        JsonNode series = INTAKE.series("bmo.probe.uploads").get(0);
        assertThat(series.get("type").asString()).isEqualTo("count");
        assertThat(series.get("tags").valueStream().map(JsonNode::asString).toList())
                .contains("service:bmo-probe", "env:test", "version:9.9.9", "host:probe-1", "outcome:accepted");
        assertThat(INTAKE.posts()).allSatisfy(p -> assertThat(p.apiKey()).isEqualTo("fake-api-key"));
    }

    @Test
    void timersArriveWithTheirPercentiles() {
        io.micrometer.core.instrument.Timer latency = io.micrometer.core.instrument.Timer.builder("bmo.probe.latency")
                .register(registry);
        for (int i = 1; i <= 100; i++) {
            latency.record(Duration.ofMillis(i));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(INTAKE.series("bmo.probe.latency.percentile"))
                .anySatisfy(s -> assertThat(s.get("tags").valueStream().map(JsonNode::asString).toList()).contains("phi:0.95")));
        assertThat(INTAKE.series("bmo.probe.latency.count")).isNotEmpty();
        assertThat(INTAKE.series("bmo.probe.latency.avg")).isNotEmpty();
    }

    @Test
    void actuatorShowsOnlyHealthInfoAndMetricsAndGuardsAllButHealth() throws Exception {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness", null).body()).contains("UP");
        assertThat(get("/actuator/health/readiness", null).body()).contains("UP");
        assertThat(get("/actuator/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics", "Bearer let-me-in").statusCode()).isEqualTo(200);
        HttpResponse<String> info = get("/actuator/info", "Bearer let-me-in");
        assertThat(info.body()).contains("\"started\"").contains("uptimeSeconds");
        assertThat(get("/actuator/env", "Bearer let-me-in").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/beans", "Bearer let-me-in").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double sumOfPoints(List<JsonNode> series) {
        return series.stream()
                .flatMap(s -> s.get("points").valueStream())
                .mapToDouble(point -> point.get(1).asDouble())
                .sum();
    }

    private static FakeDatadogIntake start() {
        try {
            return new FakeDatadogIntake();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
