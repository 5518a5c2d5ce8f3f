package dev.bmo.media;

import dev.bmo.testing.RabbitVhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.media.messaging.Topology;
import dev.bmo.media.outbox.OutboxRepository;
import dev.bmo.media.photo.PhotoRepository;
import dev.bmo.storage.ObjectInfo;
import dev.bmo.storage.testing.S3ProxyExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Uploads against real S3 (S3Proxy), RabbitMQ (a throwaway vhost) and the embedded database (H2). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class PhotoUploadTest {

    @RegisterExtension
    static S3ProxyExtension s3 = new S3ProxyExtension();
    @RegisterExtension
    static RabbitVhost rabbit = new RabbitVhost();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry r) {
        s3.environment().forEach((k, v) -> r.add(k, () -> v));
        r.add("BMO_RABBITMQ_URL", rabbit::amqpUrl);
        r.add("BMO_MEDIA_DB_URL", () -> "jdbc:h2:mem:media-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        r.add("BMO_MEDIA_MAX_MEGAPIXELS", () -> "2");
        r.add("BMO_MEDIA_MAX_UPLOAD_SIZE", () -> "1MB");
        r.add("BMO_RESIZER_SECRET", () -> "test-secret");
        r.add("BMO_MEDIA_MAX_HEADER_BYTES", () -> "600KB");
    }

    @LocalServerPort
    int port;
    @Autowired
    RabbitTemplate template;
    @Autowired
    PhotoRepository photos;
    @Autowired
    OutboxRepository outbox;

    MediaClient media;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void client() {
        media = new MediaClient(port);
    }

    @Test
    void aRawJpegIsStoredWithItsMetadataRecordedAndQueuedForConversion() {
        byte[] jpeg = TestImages.jpeg(640, 480);
        MediaClient.Reply r = media.upload(jpeg, "image/jpeg", Map.of("X-Photographer", "Jos%C3%A9 %C3%91%C3%BA%C3%B1ez"));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().path("id").asString();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(r.json().path("originalKey").asString()).isEqualTo("originals/" + id);
        assertThat(r.json().path("width").asInt()).isEqualTo(640);
        assertThat(r.json().path("height").asInt()).isEqualTo(480);
        JsonNode renditions = r.json().path("renditions");
        assertThat(renditions.size()).isEqualTo(8);
        assertThat(renditions.get(0).path("url").asString())
                .startsWith("http://127.0.0.1:8082/v1/images/originals/" + id + "?fmt=jpeg&sv=2&w=100&sig=");
        String expectedSig = new dev.bmo.imageurls.ImageUrlSigner("test-secret")
                .signature("/v1/images/originals/" + id, Map.of("w", "100", "fmt", "jpeg", "sv", "2"));
        assertThat(renditions.get(0).path("url").asString()).endsWith("&sig=" + expectedSig);

        ObjectInfo original = s3.store().head("originals/" + id).orElseThrow();
        assertThat(original.size()).isEqualTo(jpeg.length);
        assertThat(original.contentType()).isEqualTo("image/jpeg");
        assertThat(original.metadata()).containsEntry("photographer", "José Ñúñez").containsEntry("width", "640")
                .containsEntry("height", "480").containsEntry("content-type", "image/jpeg")
                .containsKey("uploaded-at");
        assertThat(s3.store().getBytes("originals/" + id)).isEqualTo(jpeg);

        MediaClient.Reply record = media.get("/v1/photos/" + id);
        assertThat(record.status()).isEqualTo(200);
        assertThat(record.json().path("photographer").asString()).isEqualTo("José Ñúñez");
        assertThat(record.json().path("converted").asBoolean()).isFalse();

        JsonNode request = receiveConversionRequest(id);
        assertThat(request.path("originalKey").asString()).isEqualTo("originals/" + id);
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.backlog() == 0);
    }

    @Test
    void dimensionsAreTheUprightOnesForEveryExifOrientation() {
        for (int orientation = 1; orientation <= 8; orientation++) {
            MediaClient.Reply r = media.upload(TestImages.orientedJpeg(400, 200, orientation), "image/jpeg",
                    Map.of("X-Photographer", "Ada"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String id = r.json().path("id").asString();
            String width = orientation >= 5 ? "200" : "400";
            String height = orientation >= 5 ? "400" : "200";
            assertThat(r.json().path("width").asString()).as("orientation " + orientation).isEqualTo(width);
            assertThat(r.json().path("height").asString()).as("orientation " + orientation).isEqualTo(height);
            assertThat(media.get("/v1/photos/" + id).json().path("width").asString()).isEqualTo(width);
            assertThat(s3.store().head("originals/" + id).orElseThrow().metadata()).containsEntry("width", width)
                    .containsEntry("height", height);
            JsonNode request = receiveConversionRequest(id);
            assertThat(request.path("width").asString()).isEqualTo(width);
        }
    }

    @Test
    void headersOfAnyLengthBeforeTheFrameAreReadUpToTheBound() {
        byte[] jpeg = TestImages.jpeg(320, 240);
        // 500 KB of metadata before the frame: far more than the first 64 KiB read, within the 600 KB bound
        byte[] longHeader = TestImages.withLongHeader(jpeg, 500_000);
        MediaClient.Reply ok = media.upload(longHeader, "image/jpeg", Map.of("X-Photographer", "Ada"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().path("width").asInt()).isEqualTo(320);
        String id = ok.json().path("id").asString();
        assertThat(s3.store().getBytes("originals/" + id)).isEqualTo(longHeader);
        receiveConversionRequest(id);
        // also when the body arrives without Content-Length, as a stream
        MediaClient.Reply streamed = media.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/photos")).header("Content-Type", "image/jpeg").header("X-Photographer", "Ada")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(longHeader)))
                .build());
        assertThat(streamed.status()).as(streamed.body()).isEqualTo(201);
        receiveConversionRequest(streamed.json().path("id").asString());

        long photosBefore = photos.count();
        assertRejected(media.upload(TestImages.withLongHeader(jpeg, 700_000), "image/jpeg",
                Map.of("X-Photographer", "Ada")), 422, "header_too_large");
        assertThat(photos.count()).isEqualTo(photosBefore);
    }

    @Test
    void aTruncatedJpegIsRefusedAndNothingIsStoredWhileWholeOnesOfEveryKindAreAccepted() throws Exception {
        byte[] whole = TestImages.noiseJpeg(500, 400);
        long photosBefore = photos.count();
        for (int cut : new int[] {whole.length * 2 / 3, whole.length - 2, 70_000}) {
            byte[] truncated = java.util.Arrays.copyOf(whole, cut);
            assertRejected(media.upload(truncated, "image/jpeg", Map.of("X-Photographer", "Ada")), 422,
                    "truncated_image");
            // streamed without Content-Length too
            assertRejected(media.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/photos"))
                    .header("Content-Type", "image/jpeg").header("X-Photographer", "Ada")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(truncated)))
                    .build()), 422, "truncated_image");
        }
        assertThat(photos.count()).isEqualTo(photosBefore);
        assertThat(s3.store().list("originals/")).hasSize((int) photosBefore);
        assertThat(s3.store().pendingUploads("originals/")).isEmpty();

        byte[] progressive;
        try (dev.bmo.vips.VipsImage noise = dev.bmo.vips.VipsImage.noise(500, 400, 3)) {
            progressive = noise.save(dev.bmo.vips.SaveOptions.of(dev.bmo.vips.ImageFormat.JPEG)
                    .withProgressive(true));
        }
        byte[] trailer = java.util.Arrays.copyOf(whole, whole.length + 5000); // data after the end (a camera's)
        for (byte[] ok : new byte[][] {whole, progressive, trailer, TestImages.withLongHeader(whole, 100_000)}) {
            MediaClient.Reply r = media.upload(ok, "image/jpeg", Map.of("X-Photographer", "Ada"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            receiveConversionRequest(r.json().path("id").asString());
        }
    }

    @Test
    void aPhotoTheConverterFindsCorruptIsReportedFailedWithTheReason() {
        MediaClient.Reply r = media.upload(TestImages.jpeg(64, 64), "image/jpeg", Map.of("X-Photographer", "Ada"));
        String id = r.json().path("id").asString();
        assertThat(r.json().path("status").asString()).isEqualTo("processing");
        receiveConversionRequest(id);
        String event = "{\"id\":\"" + id + "\",\"reason\":\"corrupt_image\",\"detail\":\"VipsJpeg: premature end\","
                + "\"failedAt\":\"2026-01-02T03:04:05Z\"}";
        template.send(Topology.EXCHANGE, Topology.FAILED, new Message(event.getBytes()));
        await().atMost(Duration.ofSeconds(10)).until(() -> media.get("/v1/photos/" + id).json().path("status")
                .asString().equals("failed"));
        JsonNode record = media.get("/v1/photos/" + id).json();
        assertThat(record.path("reason").asString()).isEqualTo("corrupt_image");
        assertThat(record.path("failedAt").asString()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(record.path("converted").asBoolean()).isFalse();
    }

    @Test
    void aMultipartPngWithFormFieldsIsAccepted() {
        byte[] png = TestImages.png(300, 200);
        MediaClient.Reply r = media.uploadMultipart(Map.of("photographer", "Zoë", "idempotencyKey", "mp-1"),
                "cat.png", "image/png", png);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().path("id").asString();
        assertThat(r.json().path("contentType").asString()).isEqualTo("image/png");
        assertThat(s3.store().head("originals/" + id).orElseThrow().metadata()).containsEntry("photographer", "Zoë")
                .containsEntry("width", "300").containsEntry("alpha", "false");
        receiveConversionRequest(id);
    }

    @Test
    void aSourceWithAlphaIsRecordedAsSuchForTheConverterAndResizer() {
        byte[] png;
        try (dev.bmo.vips.VipsImage translucent = dev.bmo.vips.VipsImage.solid(50, 40, 1, 2, 3, 128)) {
            png = translucent.save(dev.bmo.vips.SaveOptions.of(dev.bmo.vips.ImageFormat.PNG));
        }
        MediaClient.Reply r = media.upload(png, "image/png", Map.of("X-Photographer", "Ada"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().path("id").asString();
        assertThat(s3.store().head("originals/" + id).orElseThrow().metadata()).containsEntry("alpha", "true");
        receiveConversionRequest(id);
    }

    @Test
    void gifsAreAcceptedAnimatedOnesWithTheSizeOfTheirFrames() {
        for (int frames : new int[] {1, 3}) {
            MediaClient.Reply r = media.upload(TestImages.gif(120, 80, frames), "image/gif",
                    Map.of("X-Photographer", "Ada"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(r.json().path("contentType").asString()).isEqualTo("image/gif");
            assertThat(r.json().path("width").asInt()).isEqualTo(120);
            assertThat(r.json().path("height").asInt()).isEqualTo(80);
            receiveConversionRequest(r.json().path("id").asString());
        }
    }

    @Test
    void theRealTypeComesFromTheBytesNotTheHeader() {
        MediaClient.Reply r = media.upload(TestImages.png(50, 40), "image/jpeg", Map.of("X-Photographer", "Ada"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("contentType").asString()).isEqualTo("image/png");
        receiveConversionRequest(r.json().path("id").asString());
    }

    @Test
    void rejectionsAreClearJsonAndLeaveNothingBehind() {
        long photosBefore = photos.count();
        assertRejected(media.upload("just some text".getBytes(StandardCharsets.UTF_8), "image/jpeg",
                Map.of("X-Photographer", "Ada")), 415, "not_an_image");
        assertRejected(media.upload(TestImages.jpeg(2000, 1500), "image/jpeg", Map.of("X-Photographer", "Ada")),
                422, "too_many_pixels");
        byte[] big = TestImages.noiseJpeg(1200, 900);
        assertThat(big.length).isGreaterThan(1024 * 1024);
        assertRejected(media.upload(big, "image/jpeg", Map.of("X-Photographer", "Ada")), 413, "too_large");
        // without Content-Length: found while streaming
        assertRejected(media.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/photos"))
                .header("Content-Type", "image/jpeg").header("X-Photographer", "Ada")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build()), 413, "too_large");
        byte[] truncated = java.util.Arrays.copyOf(TestImages.jpeg(640, 480), 30);
        assertRejected(media.upload(truncated, "image/jpeg", Map.of("X-Photographer", "Ada")), 422, "unreadable_image");
        assertRejected(media.upload(TestImages.jpeg(10, 10), "image/jpeg", Map.of()), 400, "missing_photographer");
        assertRejected(media.upload(new byte[0], "image/jpeg", Map.of("X-Photographer", "Ada")), 400, "empty_body");
        assertRejected(media.upload("{}".getBytes(), "application/json", Map.of("X-Photographer", "Ada")), 415,
                "unsupported_content_type");
        assertRejected(media.uploadMultipart(Map.of("photographer", "Ada"), "x.txt", "text/plain",
                "hello".getBytes()), 415, "not_an_image");

        assertThat(photos.count()).isEqualTo(photosBefore);
        assertThat(s3.store().pendingUploads("originals/")).isEmpty();
        assertThat(s3.store().list("originals/")).hasSize((int) photosBefore);

        MediaClient.Reply metrics = media.get("/actuator/metrics/bmo.media.uploads?tag=outcome:rejected&tag=reason:too_large");
        assertThat(metrics.json().path("measurements").get(0).path("value").asDouble()).isEqualTo(2.0);
    }

    @Test
    void anIdempotencyKeyMakesARetryAnswerWithTheFirstUpload() {
        byte[] jpeg = TestImages.jpeg(120, 80);
        Map<String, String> headers = Map.of("X-Photographer", "Ada", "Idempotency-Key", "retry-" + UUID.randomUUID());
        MediaClient.Reply first = media.upload(jpeg, "image/jpeg", headers);
        MediaClient.Reply second = media.upload(jpeg, "image/jpeg", headers);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("replayed").asBoolean()).isTrue();
        String id = first.json().path("id").asString();
        assertThat(second.json().path("id").asString()).isEqualTo(id);
        receiveConversionRequest(id);
        // exactly one request was queued for it
        Message extra = template.receive(Topology.CONVERSION_QUEUE, 500);
        assertThat(extra).isNull();
    }

    @Test
    void unknownPhotosAre404Json() {
        assertRejected(media.get("/v1/photos/" + "0".repeat(32)), 404, "not_found");
        assertRejected(media.get("/v1/photos/not-an-id"), 404, "not_found");
    }

    @Test
    void convertedEventsAreRecordedOnceWithTheEarliestTimeWhateverTheirOrder() {
        String early = "2026-01-02T03:04:05Z";
        String late = "2026-02-02T03:04:05Z";
        for (List<String> order : List.of(List.of(early, late, early), List.of(late, early, late))) {
            MediaClient.Reply r = media.upload(TestImages.jpeg(64, 64), "image/jpeg", Map.of("X-Photographer", "Ada"));
            String id = r.json().path("id").asString();
            receiveConversionRequest(id);
            for (String at : order) {
                template.send(Topology.EXCHANGE, Topology.CONVERTED,
                        new Message(("{\"id\":\"" + id + "\",\"convertedAt\":\"" + at + "\"}").getBytes()));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> early.equals(media.get("/v1/photos/" + id).json().path("convertedAt").asString()));
            // the later events, in flight or redelivered, leave it there
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> early.equals(media.get("/v1/photos/" + id).json().path("convertedAt").asString()));
        }
    }

    @Test
    void healthShowsStorageRabbitAndOutboxAndOnlyHealthInfoMetricsAreExposed() {
        MediaClient.Reply health = media.get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().path("components").path("storage").path("status").asString()).isEqualTo("UP");
        assertThat(health.json().path("components").path("rabbit").path("status").asString()).isEqualTo("UP");
        assertThat(health.json().path("components").path("outbox").path("details").has("backlog")).isTrue();
        assertThat(media.get("/actuator/env").status()).isEqualTo(404);
        MediaClient.Reply info = media.get("/actuator/info");
        assertThat(info.body()).contains("\"build\"");
    }

    @Test
    void theListingPagesNewestFirstPerPhotographerAndStaysStableWhileUploadsArrive() {
        String photographer = "Lister " + UUID.randomUUID();
        java.util.List<String> uploaded = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MediaClient.Reply r = media.upload(TestImages.jpeg(64, 48), "image/jpeg", Map.of("X-Photographer", photographer));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            uploaded.add(0, r.json().path("id").asString()); // newest first
        }
        media.upload(TestImages.jpeg(64, 48), "image/jpeg", Map.of("X-Photographer", "someone else"));
        String query = "/v1/photos?photographer=" + java.net.URLEncoder.encode(photographer, StandardCharsets.UTF_8) + "&limit=2";

        MediaClient.Reply first = media.get(query);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        java.util.List<String> seen = new java.util.ArrayList<>(ids(first.json()));
        // a photo uploaded between two pages sorts before the cursor: the next pages neither repeat nor skip
        media.upload(TestImages.jpeg(64, 48), "image/jpeg", Map.of("X-Photographer", photographer));
        JsonNode page = first.json();
        while (page.has("next")) {
            MediaClient.Reply next = media.get(query + "&cursor=" + page.path("next").asString());
            assertThat(next.status()).as(next.body()).isEqualTo(200);
            page = next.json();
            seen.addAll(ids(page));
        }
        assertThat(seen).isEqualTo(uploaded);
        assertThat(first.json().path("photos").get(0).path("photographer").asString()).isEqualTo(photographer);

        MediaClient.Reply newest = media.get("/v1/photos?limit=1");
        assertThat(newest.json().path("photos").size()).isEqualTo(1);
        assertThat(newest.json().path("photos").get(0).path("photographer").asString()).isEqualTo(photographer);
        assertRejected(media.get("/v1/photos?limit=101"), 400, "invalid_limit");
        assertRejected(media.get("/v1/photos?limit=0"), 400, "invalid_limit");
        assertRejected(media.get("/v1/photos?cursor=bm9wZQ"), 400, "invalid_cursor");
    }

    private static java.util.List<String> ids(JsonNode page) {
        return page.path("photos").valueStream().map(p -> p.path("id").asString()).toList();
    }

    private JsonNode receiveConversionRequest(String id) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Message m = template.receive(Topology.CONVERSION_QUEUE, 1000);
            if (m != null) {
                JsonNode node = json.readTree(m.getBody());
                assertThat(m.getMessageProperties().getReceivedDeliveryMode())
                        .isEqualTo(org.springframework.amqp.core.MessageDeliveryMode.PERSISTENT);
                if (node.path("id").asString().equals(id)) {
                    return node;
                }
            }
        }
        throw new AssertionError("no conversion request for " + id);
    }

    private static void assertRejected(MediaClient.Reply r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        if (code != null) {
            assertThat(r.json()).as(r.body()).isNotNull();
            assertThat(r.json().path("error").asString()).isEqualTo(code);
            assertThat(r.json().path("message").asString()).isNotBlank();
        }
    }
}
