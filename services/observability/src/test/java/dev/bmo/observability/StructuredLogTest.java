package dev.bmo.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import ch.qos.logback.classic.AsyncAppender;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every line the process writes is one ECS JSON object; the access log carries the caller's trace. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = ObservedTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"BMO_ENV=test-env", "BMO_HOST=test-host-1", "BMO_VERSION=9.9.9", "spring.application.name=bmo-observed"})
class StructuredLogTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @LocalServerPort
    int port;

    @Test
    void accessLinesAreEcsJsonWithTheCallersTraceAndNoSignature(CapturedOutput output) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status/404?w=300&sig=SECRETSIG"))
                .header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01").build(), HttpResponse.BodyHandlers.discarding());
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status/200")).build(),
                HttpResponse.BodyHandlers.discarding());
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.discarding());
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cached")).build(),
                HttpResponse.BodyHandlers.discarding());

        // the log is written by logback's async appender: wait for the three access lines to be out
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().split("bmo-observed.access", -1).length - 1 >= 3);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.getOut().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line)); // throws on any line that is not JSON
            }
        }
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.at("/@timestamp").asString()).isNotBlank();
            assertThat(line.at("/log/level").asString()).isNotBlank();
            assertThat(line.at("/service/name").asString()).isEqualTo("bmo-observed");
            assertThat(line.at("/service/environment").asString()).isEqualTo("test-env");
            assertThat(line.at("/service/version").asString()).isEqualTo("9.9.9");
            assertThat(line.at("/host/name").asString()).isEqualTo("test-host-1");
            assertThat(line.at("/labels/commit").asString()).isNotBlank();
            assertThat(line.at("/ecs/version").asString()).isNotBlank();
        });
        List<JsonNode> access = lines.stream()
                .filter(l -> l.at("/event/dataset").asString("").equals("bmo-observed.access")).toList();
        assertThat(access).hasSize(3); // Actuator's request is not logged
        // the line's own label and the process's commit label share one labels object: a line that had two
        // "labels" members was refused by Boot's JSON writer, and logback dropped it
        assertThat(access.get(2).at("/url/path").asString()).isEqualTo("/cached");
        assertThat(access.get(2).at("/labels/cache").asString()).isEqualTo("hit");
        assertThat(access.get(2).at("/labels/commit").asString()).isNotBlank();
        assertThat(output.getOut()).doesNotContain("has already been written");
        // a request without a traceparent starts its own trace (not recorded, sampling is 0), still with an id
        assertThat(access.get(1).at("/trace/id").asString()).hasSize(32).isNotEqualTo(TRACE);
        JsonNode line = access.get(0);
        assertThat(line.at("/trace/id").asString()).isEqualTo(TRACE);
        assertThat(line.at("/span/id").asString()).hasSize(16);
        assertThat(line.at("/http/request/method").asString()).isEqualTo("GET");
        assertThat(line.at("/url/path").asString()).isEqualTo("/status/404");
        assertThat(line.at("/url/query").asString()).isEqualTo("w=300&sig=-");
        assertThat(line.at("/http/response/status_code").asInt()).isEqualTo(404);
        assertThat(line.at("/http/response/body/bytes").asLong()).isEqualTo("status 404".length());
        assertThat(line.at("/event/duration").asLong()).isPositive();
        assertThat(output.getOut()).doesNotContain("SECRETSIG");
    }

    @Test
    void linesGoThroughAnAsyncQueueThatLosesNone(CapturedOutput output) throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender(AsyncConsoleLog.NAME)).isInstanceOf(AsyncAppender.class);
        assertThat(root.getAppender("CONSOLE")).isNull();
        // a burst far past the queue's size from four threads: every line comes out (none discarded, none lost)
        org.slf4j.Logger burst = LoggerFactory.getLogger("dev.bmo.observability.burst");
        String run = UUID.randomUUID().toString();
        int threads = 4;
        int each = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        burst.info("burst {} {}-{}", run, thread, i);
                    }
                });
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> output.getOut().split(run, -1).length - 1 == threads * each);
    }

    @Test
    void aLineWhosePairsClashWithTheLinesOwnMembersIsWrittenWithThemUnderLabels(CapturedOutput output) throws Exception {
        org.slf4j.Logger log = LoggerFactory.getLogger("dev.bmo.observability.clash");
        String run = UUID.randomUUID().toString();
        // host.name, service.* and log.* are members every line has: such pairs used to cost the whole line
        log.atInfo().addKeyValue("host.ip", "10.77.0.21").addKeyValue("service.name", "other").addKeyValue("log", "x")
                .addKeyValue("photo.id", "p1").addKeyValue("labels.cache.state", "hit").log("clash {}", run);
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("clash " + run));
        JsonNode line = null;
        for (String l : output.getOut().split("\n")) {
            if (l.contains("clash " + run)) {
                line = JSON.readTree(l);
            }
        }
        assertThat(line).isNotNull();
        assertThat(line.at("/host/name").asString()).isEqualTo("test-host-1");
        assertThat(line.at("/service/name").asString()).isEqualTo("bmo-observed");
        assertThat(line.at("/labels/host_ip").asString()).isEqualTo("10.77.0.21");
        assertThat(line.at("/labels/service_name").asString()).isEqualTo("other");
        assertThat(line.at("/labels/log").asString()).isEqualTo("x");
        assertThat(line.at("/labels/photo_id").asString()).isEqualTo("p1");
        assertThat(line.at("/labels/cache_state").asString()).isEqualTo("hit");
        assertThat(line.at("/labels/commit").asString()).isNotBlank();
    }
}
