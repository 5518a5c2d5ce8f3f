package dev.bmo.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.imageurls.ImageUrlSigner;
import dev.bmo.storage.testing.LocalS3Server;
import dev.bmo.testing.FakeDatadogIntake;
import dev.bmo.testing.RabbitVhost;
import dev.bmo.testing.ServiceProcess;
import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.VipsImage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every metric and tag that a dashboard or monitor names is really emitted: the three services run as
 * processes (from their packaged jars, against S3Proxy and a throwaway RabbitMQ vhost), get traffic that
 * makes each of their meters count (uploads, a rejected upload, a corrupt original that is parked, image
 * cache misses, hits and overload rejections), and send their metrics to a local Datadog intake, exactly
 * as they would to Datadog. What arrived there is what a dashboard can show.
 *
 * <p>BMO's own dashboard (bmo.json) is checked by the bot's tests, which run real deploys.
 */
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class EmittedMetricsTest {

    @RegisterExtension
    static final RabbitVhost VHOST = new RabbitVhost();

    @TempDir
    static Path work;
    static final Path LOGS = Path.of("target", "fleet-logs");

    static final String SECRET = "emitted-metrics-secret";
    static LocalS3Server s3;
    static FakeDatadogIntake intake;
    static ServiceProcess resizer;
    static ServiceProcess media;
    static ServiceProcess converter;
    static ServiceProcess api;
    static final String API_KEY = "emitted-metrics-api-key";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startTheFleet() throws Exception {
        s3 = LocalS3Server.start("bmo-photos");
        intake = new FakeDatadogIntake();
        Map<String, String> common = new HashMap<>(s3.environment());
        common.putAll(Map.of("BMO_DATADOG_API_KEY", "emitted-metrics", "BMO_DATADOG_URI", intake.uri(),
                "BMO_DATADOG_STEP", "1s", "BMO_ENV", "test", "BMO_RESIZER_SECRET", SECRET,
                "BMO_RABBITMQ_URL", VHOST.amqpUrl()));
        CompletableFuture<ServiceProcess> c = CompletableFuture.supplyAsync(() -> ServiceProcess
                .of("converter", ServiceProcess.moduleJar("services/converter", "bmo-converter"))
                .portVariable("BMO_CONVERTER_PORT").env(common).logDir(LOGS)
                .env("BMO_CONVERTER_RETRY_DELAYS", "200ms").env("BMO_RENDITION_WIDTHS", "100,300")
                .env("BMO_RENDITION_FORMATS", "jpeg").start());
        CompletableFuture<ServiceProcess> r = CompletableFuture.supplyAsync(() -> ServiceProcess
                .of("resizer", ServiceProcess.moduleJar("services/resizer", "bmo-resizer"))
                .portVariable("BMO_RESIZER_PORT").env(common).logDir(LOGS)
                .env("BMO_RESIZER_RENDER_THREADS", "1").env("BMO_RESIZER_QUEUE_SIZE", "1").start());
        converter = c.join();
        resizer = r.join();
        media = ServiceProcess.of("media", ServiceProcess.moduleJar("services/media", "bmo-media"))
                .portVariable("BMO_MEDIA_PORT").env(common).logDir(LOGS)
                .env("BMO_MEDIA_DB_URL", "jdbc:h2:file:" + work.resolve("media-db"))
                .env("BMO_MEDIA_OUTBOX_POLL", "200ms").env("BMO_MEDIA_RESIZER_URL", resizer.url("")).start();
        // the API against that media and this machine's Redis; its key allows two requests a minute
        api = ServiceProcess.of("api", ServiceProcess.moduleJar("services/api", "bmo-api"))
                .portVariable("BMO_API_PORT").env(common).logDir(LOGS)
                .env("BMO_API_DB_URL", "jdbc:h2:file:" + work.resolve("api-db"))
                .env("BMO_API_MEDIA_URL", media.url("")).env("BMO_API_CACHE_FRESH", "1s")
                .env("BMO_API_REDIS_PREFIX", "bmo-api-emitted-metrics:" + java.util.UUID.randomUUID() + ":")
                .env("BMO_API_KEYS", "metrics:" + API_KEY + ":3").start();
    }

    @AfterAll
    static void stopTheFleet() {
        for (AutoCloseable c : new AutoCloseable[] {api, media, resizer, converter, intake, s3}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // keep closing the others
            }
        }
    }

    @Test
    void everyMetricAndTagTheDashboardsAndMonitorsNameIsEmitted() throws Exception {
        driveTraffic();
        // two more publishing steps, so that every meter touched by the traffic has been sent
        Thread.sleep(2_500);

        Map<String, Map<String, Set<String>>> received = receivedByServiceMetricTags();
        SoftAssertions soft = new SoftAssertions();
        int checked = 0;
        for (MonitoringFiles.Reference ref : MonitoringFiles.references()) {
            if (ref.file().equals("bmo.json") || "bmo".equals(ref.query().scopeValue("service"))) {
                continue; // BMO's own meters: the bot's tests
            }
            checked++;
            String service = ref.query().scopeValue("service");
            Map<String, Set<String>> metrics = service == null ? mergedAcrossServices(received) : received.getOrDefault(service, Map.of());
            String where = ref.file() + " / " + ref.where() + ": " + ref.query().metric()
                    + (service == null ? "" : " from " + service);
            Set<String> tags = metrics.get(ref.query().metric());
            soft.assertThat(tags).as(where + " is not emitted").isNotNull();
            if (tags != null) {
                Set<String> wanted = new TreeSet<>(ref.query().tagKeys(ref.templatePrefixes()));
                wanted.removeAll(tags);
                soft.assertThat(wanted).as(where + " has no such tags").isEmpty();
            }
        }
        assertThat(checked).as("references checked").isGreaterThan(30);
        soft.assertAll();
    }

    @Test
    void aRenamedMeterWouldBeCaught() {
        // the check above is only worth something if a missing name fails it
        MetricQuery renamed = MetricQuery.parse("sum:resizer.cache.hitz{service:bmo-resizer}.as_count()");
        await().atMost(Duration.ofSeconds(30)).until(() -> !receivedByServiceMetricTags().isEmpty());
        assertThat(receivedByServiceMetricTags().getOrDefault("bmo-resizer", Map.of())).doesNotContainKey(renamed.metric());
    }

    private static Map<String, Map<String, Set<String>>> receivedByServiceMetricTags() {
        Map<String, Map<String, Set<String>>> byService = new TreeMap<>();
        for (FakeDatadogIntake.Post post : intake.posts()) {
            post.body().get("series").valueStream().forEach(s -> {
                List<String> tags = s.path("tags").valueStream().map(JsonNode::asString).toList();
                String service = tags.stream().filter(t -> t.startsWith("service:")).map(t -> t.substring(8)).findFirst().orElse("?");
                Set<String> keys = byService.computeIfAbsent(service, k -> new TreeMap<>())
                        .computeIfAbsent(s.get("metric").asString(), k -> new TreeSet<>());
                tags.forEach(t -> keys.add(t.split(":", 2)[0]));
            });
        }
        return byService;
    }

    private static Map<String, Set<String>> mergedAcrossServices(Map<String, Map<String, Set<String>>> received) {
        Map<String, Set<String>> merged = new TreeMap<>();
        received.values().forEach(m -> m.forEach((metric, tags) -> merged.computeIfAbsent(metric, k -> new TreeSet<>()).addAll(tags)));
        return merged;
    }

    /** Traffic that makes every meter of the three services count at least once. */
    private static void driveTraffic() throws Exception {
        byte[] bytes;
        try (VipsImage image = VipsImage.noise(2400, 1600, 3)) {
            bytes = image.save(SaveOptions.of(ImageFormat.JPEG));
        }

        JsonNode accepted = upload(bytes, "image/jpeg", 201);
        String id = accepted.path("id").asString();
        upload("this is not a photo".getBytes(), "image/jpeg", 415, 400, 422);
        // a truncated JPEG is refused by media now (422 truncated_image)...
        upload(java.util.Arrays.copyOf(bytes, bytes.length / 3), "image/jpeg", 422);
        // ...so a malformed conversion request, published straight to the broker, is what the converter parks
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setUri(VHOST.amqpUrl());
        try (com.rabbitmq.client.Connection c = factory.newConnection();
                com.rabbitmq.client.Channel ch = c.createChannel()) {
            ch.basicPublish("bmo.photos", "photo.uploaded", null, "{not json".getBytes(StandardCharsets.UTF_8));
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> s3.store().exists("renditions/" + id + "/master.jpg"));

        ImageUrlSigner signer = new ImageUrlSigner(SECRET);
        String key = accepted.path("originalKey").asString();
        String one = resizer.url(signer.signedPath(key, Map.of("w", "400")));
        assertThat(get(one).statusCode()).isEqualTo(200);   // miss
        assertThat(get(one).statusCode()).isEqualTo(200);   // hit
        // more distinct renders of the full original than one render thread and a queue of one can take
        List<CompletableFuture<HttpResponse<Void>>> burst = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            URI u = URI.create(resizer.url(signer.signedPath(key, Map.of("w", Integer.toString(2000 + i), "fmt", "png"))));
            burst.add(HTTP.sendAsync(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.discarding()));
        }
        long rejected = burst.stream().map(CompletableFuture::join).filter(x -> x.statusCode() == 503).count();
        assertThat(rejected).as("overload rejections").isPositive();
        await().atMost(Duration.ofSeconds(60)).until(() -> !intake.series("bmo.converter.parked").isEmpty());
        driveApiTraffic(id);
    }

    /** The API: a cache miss and a hit, a request over its key's limit, and with media gone a stale answer. */
    private static void driveApiTraffic(String id) throws Exception {
        String photo = api.url("/v1/photos/" + id);
        assertThat(apiGet(photo).statusCode()).isEqualTo(200);   // miss
        assertThat(apiGet(photo).statusCode()).isEqualTo(200);   // hit
        Thread.sleep(1_200);                                     // past the freshness
        // the last of the three tokens, after media is gone: stale; then one over the limit
        Thread.sleep(2_500); // media's meters reach the intake before it goes
        media.kill();
        assertThat(apiGet(photo).headers().firstValue("X-Cache")).hasValue("stale");
        assertThat(apiGet(photo).statusCode()).isEqualTo(429);
    }

    private static HttpResponse<Void> apiGet(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", API_KEY).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static JsonNode upload(byte[] body, String type, int... expected) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(media.url("/v1/photos")))
                .header("Content-Type", type).header("X-Photographer", "Ana Lima")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(java.util.Arrays.stream(expected).boxed().toList());
        return JSON.readTree(r.body());
    }

    private static HttpResponse<Void> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
    }

}
