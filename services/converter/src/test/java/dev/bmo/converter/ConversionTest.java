package dev.bmo.converter;

import dev.bmo.testing.RabbitVhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.converter.conversion.ConversionListener;
import dev.bmo.converter.messaging.Topology;
import dev.bmo.storage.ObjectInfo;
import dev.bmo.storage.testing.S3ProxyExtension;
import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.ImageHeader;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.VipsImage;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The converter against real S3 (S3Proxy), RabbitMQ (a throwaway vhost) and libvips. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class ConversionTest {

    @RegisterExtension
    static S3ProxyExtension s3 = new S3ProxyExtension();
    @RegisterExtension
    static RabbitVhost rabbit = new RabbitVhost();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry r) {
        s3.environment().forEach((k, v) -> r.add(k, () -> v));
        r.add("BMO_RABBITMQ_URL", rabbit::amqpUrl);
        r.add("BMO_CONVERTER_RETRY_DELAYS", () -> "200ms,400ms");
        r.add("BMO_CONVERTER_CONCURRENCY", () -> "2");
        r.add("bmo.converter.queue-depth-interval", () -> "200ms");
    }

    static final String EVENTS = "test.converted-events";
    final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    RabbitTemplate template;
    @Autowired
    AmqpAdmin admin;
    @Autowired
    MeterRegistry meters;

    @Test
    void anOriginalBecomesMasterAndRenditionsAndAConvertedEvent() {
        listenToEvents();
        String id = uploadOriginal(VipsImage.noise(3000, 2000, 3), "Ada Lovelace");
        request(id);

        await().atMost(Duration.ofSeconds(30)).until(() -> s3.store().exists("renditions/" + id + "/master.jpg"));
        ObjectInfo master = s3.store().head("renditions/" + id + "/master.jpg").orElseThrow();
        assertThat(master.metadata()).containsEntry("photographer", "Ada Lovelace").containsEntry("width", "3000")
                .containsEntry("height", "2000");
        ImageHeader masterHeader = VipsImage.inspect(s3.store().getBytes("renditions/" + id + "/master.jpg"));
        assertThat(masterHeader.width()).isEqualTo(2048);
        assertThat(masterHeader.height()).isBetween(1364, 1366);

        assertThat(s3.store().list("renditions/" + id + "/")).containsExactlyInAnyOrder(
                "renditions/" + id + "/master.jpg", "renditions/" + id + "/master-1280.jpg",
                "renditions/" + id + "/100.jpg", "renditions/" + id + "/100.webp",
                "renditions/" + id + "/300.jpg", "renditions/" + id + "/300.webp",
                "renditions/" + id + "/600.jpg", "renditions/" + id + "/600.webp",
                "renditions/" + id + "/1080.jpg", "renditions/" + id + "/1080.webp");
        ImageHeader level = VipsImage.inspect(s3.store().getBytes("renditions/" + id + "/master-1280.jpg"));
        assertThat(level.width()).isEqualTo(1280);
        assertThat(s3.store().head("renditions/" + id + "/master-1280.jpg").orElseThrow().metadata())
                .containsEntry("photographer", "Ada Lovelace");
        ImageHeader webp = VipsImage.inspect(s3.store().getBytes("renditions/" + id + "/300.webp"));
        assertThat(webp.width()).isEqualTo(300);
        assertThat(webp.loader()).contains("webp");
        assertThat(s3.store().head("renditions/" + id + "/1080.jpg").orElseThrow().contentType()).isEqualTo("image/jpeg");

        JsonNode event = nextEvent(id);
        assertThat(event.path("masterKey").asString()).isEqualTo("renditions/" + id + "/master.jpg");
        assertThat(event.path("renditions").size()).isEqualTo(8);
    }

    @Test
    void aRedeliveredRequestProducesNoNewObjects() {
        String id = uploadOriginal(VipsImage.noise(800, 600, 3), "Grace");
        request(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> s3.store().exists("renditions/" + id + "/master.jpg"));
        ObjectInfo before = s3.store().head("renditions/" + id + "/master.jpg").orElseThrow();
        double skipped = count("bmo.converter.conversions", "outcome", "skipped");

        request(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("bmo.converter.conversions", "outcome", "skipped") > skipped);
        // 8 renditions and the master: an 800 px original gets no smaller master
        assertThat(s3.store().list("renditions/" + id + "/")).hasSize(9);
        assertThat(s3.store().head("renditions/" + id + "/master.jpg").orElseThrow().etag()).isEqualTo(before.etag());
        // the small original is never enlarged
        assertThat(VipsImage.inspect(s3.store().getBytes("renditions/" + id + "/1080.jpg")).width()).isEqualTo(800);
    }

    @Test
    void aCorruptOriginalIsParkedAtOnceWithItsReason() {
        String id = newId();
        byte[] corrupt = new byte[4096];
        new java.util.Random(7).nextBytes(corrupt);
        corrupt[0] = (byte) 0xFF;
        corrupt[1] = (byte) 0xD8;
        corrupt[2] = (byte) 0xFF;
        s3.store().put("originals/" + id, corrupt, "image/jpeg", Map.of("photographer", "Ada"));
        double retries = count("bmo.converter.retries");
        Queue failures = new Queue("test.failed-events", false, false, false);
        admin.declareQueue(failures);
        admin.declareBinding(BindingBuilder.bind(failures).to(new TopicExchange(Topology.EXCHANGE))
                .with(Topology.FAILED));
        request(id);

        // media hears that the photo failed, with the reason, before the request is parked
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode failed = null;
        while (failed == null && System.nanoTime() < deadline) {
            Message m = template.receive(failures.getName(), 500);
            if (m != null && json.readTree(m.getBody()).path("id").asString().equals(id)) {
                failed = json.readTree(m.getBody());
            }
        }
        assertThat(failed).as("a photo.failed event for " + id).isNotNull();
        assertThat(failed.path("reason").asString()).isEqualTo("corrupt_image");
        assertThat(failed.path("detail").asString()).isNotBlank();

        Message parked = parkedFor(id);
        assertThat((String) parked.getMessageProperties().getHeader(ConversionListener.PARKED_REASON)).startsWith("corrupt:");
        assertThat((Integer) parked.getMessageProperties().getHeader(ConversionListener.ATTEMPT)).isEqualTo(1);
        assertThat(count("bmo.converter.retries")).isEqualTo(retries);
        assertThat(s3.store().list("renditions/" + id + "/")).isEmpty();
    }

    @Test
    void aFailingRequestIsRetriedWithBackoffThenParked() {
        String id = newId(); // no original in S3: every attempt fails
        double retries = count("bmo.converter.retries");
        long started = System.nanoTime();
        request(id);

        Message parked = parkedFor(id);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat((String) parked.getMessageProperties().getHeader(ConversionListener.PARKED_REASON))
                .startsWith("exhausted: failed 3 times");
        assertThat((Integer) parked.getMessageProperties().getHeader(ConversionListener.ATTEMPT)).isEqualTo(3);
        assertThat(count("bmo.converter.retries") - retries).isEqualTo(2.0);
        // the counter moves just after the parked message is confirmed, so the test can be ahead of it
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(count("bmo.converter.parked", "reason", "exhausted")).isGreaterThanOrEqualTo(1.0));
    }

    @Test
    void malformedRequestsAreParkedAndHealthShowsTheParkingQueue() throws Exception {
        template.send(Topology.EXCHANGE, Topology.UPLOADED, new Message("{not json".getBytes()));
        await().atMost(Duration.ofSeconds(10)).until(() -> count("bmo.converter.parked", "reason", "malformed") >= 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode health = json.readTree(HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode conversions = health.path("components").path("conversions");
            assertThat(conversions.path("status").asString()).isEqualTo("UP");
            assertThat(conversions.path("details").path("queues").path("parked").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(conversions.path("details").path("lastParked").path("reason").asString()).isNotEmpty();
            assertThat(health.path("components").path("storage").path("status").asString()).isEqualTo("UP");
            assertThat(health.path("components").path("rabbit").path("status").asString()).isEqualTo("UP");
        });
    }

    // ------------------------------------------------------------------ helpers

    private String uploadOriginal(VipsImage image, String photographer) {
        String id = newId();
        try (image) {
            byte[] jpeg = image.save(SaveOptions.of(ImageFormat.JPEG));
            s3.store().put("originals/" + id, jpeg, "image/jpeg", Map.of("photographer", photographer,
                    "width", Integer.toString(image.width()), "height", Integer.toString(image.height())));
        }
        return id;
    }

    private void request(String id) {
        String body = "{\"id\":\"" + id + "\",\"originalKey\":\"originals/" + id + "\",\"photographer\":\"x\"}";
        Message m = new Message(body.getBytes());
        m.getMessageProperties().setMessageId(id);
        template.send(Topology.EXCHANGE, Topology.UPLOADED, m);
    }

    private Message parkedFor(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Message m = template.receive(Topology.PARKING_QUEUE, 500);
            if (m != null && new String(m.getBody()).contains(id)) {
                return m;
            }
        }
        throw new AssertionError("nothing parked for " + id);
    }

    private void listenToEvents() {
        Queue q = new Queue(EVENTS, false, false, false);
        admin.declareQueue(q);
        admin.declareBinding(BindingBuilder.bind(q).to(new TopicExchange(Topology.EXCHANGE)).with(Topology.CONVERTED));
    }

    private JsonNode nextEvent(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Message m = template.receive(EVENTS, 500);
            if (m != null) {
                JsonNode node = json.readTree(m.getBody());
                if (node.path("id").asString().equals(id)) {
                    return node;
                }
            }
        }
        throw new AssertionError("no converted event for " + id);
    }

    private double count(String name, String... tags) {
        var search = meters.find(name).tags(tags);
        if (search.timer() != null) {
            return search.timers().stream().mapToDouble(t -> t.count()).sum();
        }
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
