package dev.bmo.converter;

import dev.bmo.imageurls.ImageUrlSigner;
import dev.bmo.testing.RabbitVhost;
import dev.bmo.testing.ServiceProcess;
import dev.bmo.testing.SharpReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.bmo.storage.ObjectStore;
import dev.bmo.storage.testing.S3ProxyExtension;
import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.VipsImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Media and converter as real processes from their jars (media with a 256 MB heap), on a real S3 server and
 * RabbitMQ: uploads become renditions; the broker stopped for real during uploads loses nothing; the
 * converter killed (-9) in the middle of a batch and restarted loses nothing; a truncated file is refused;
 * awkward photos through media, the converter and a real resizer match sharp's renderings.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class FleetIT {

    @RegisterExtension
    static S3ProxyExtension s3 = new S3ProxyExtension();
    @RegisterExtension
    static RabbitVhost rabbit = new RabbitVhost();

    static Path dataDir;
    static ServiceProcess media;
    static ServiceProcess converter;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startFleet() throws Exception {
        dataDir = Files.createTempDirectory("bmo-fleet-it-");
        Map<String, String> env = new HashMap<>(s3.environment());
        env.put("BMO_RABBITMQ_URL", rabbit.amqpUrl());
        env.put("BMO_MEDIA_DB_URL", "jdbc:h2:file:" + dataDir.resolve("media-db"));
        env.put("BMO_MEDIA_OUTBOX_POLL", "200ms");
        env.put("BMO_CONVERTER_RETRY_DELAYS", "300ms,600ms");
        env.put("BMO_CONVERTER_CONCURRENCY", "2");
        media = new ServiceProcess("media", Paths.get(System.getProperty("bmo.media.jar")), "BMO_MEDIA_PORT",
                "/actuator/health/readiness", List.of("-Xmx256m", "-XX:+UseSerialGC"), env).start();
        converter = new ServiceProcess("converter", Paths.get(System.getProperty("bmo.converter.jar")),
                "BMO_CONVERTER_PORT", "/actuator/health", List.of("-Xmx256m"), env).start();
    }

    @AfterAll
    static void stopFleet() {
        if (converter != null) {
            converter.close();
        }
        if (media != null) {
            media.close();
        }
    }

    @Test
    @Order(1)
    void uploadsBecomeMastersAndRenditionsAndTheRecordSaysConverted() throws Exception {
        List<String> ids = uploadPhotos(4, 1600, 1200);
        awaitConverted(ids, Duration.ofSeconds(60));
        for (String id : ids) {
            // 8 renditions, the 1280 px level and the master
            assertThat(store().list("renditions/" + id + "/")).hasSize(10);
        }
    }

    @Test
    @Order(2)
    void theBrokerStoppedDuringUploadsLosesNoConversion() throws Exception {
        List<String> ids = new ArrayList<>();
        try {
            RabbitVhost.stopBroker();
            ids.addAll(uploadPhotos(4, 800, 600));
            JsonNode health = getJson(media.url("/actuator/health"));
            assertThat(health.path("components").path("outbox").path("details").path("backlog").asInt())
                    .isGreaterThanOrEqualTo(4);
        } finally {
            RabbitVhost.startBroker();
        }
        awaitConverted(ids, Duration.ofSeconds(120));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                getJson(media.url("/actuator/health")).path("components").path("outbox").path("details")
                        .path("backlog").asInt() == 0);
    }

    @Test
    @Order(3)
    void theConverterKilledMidBatchAndRestartedLosesNothing() throws Exception {
        List<String> ids = uploadPhotos(12, 2400, 1600);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> ids.stream().anyMatch(id -> store().exists("renditions/" + id + "/master.jpg")));
        long done = ids.stream().filter(id -> store().exists("renditions/" + id + "/master.jpg")).count();
        converter.kill();
        assertThat(done).as("killed in the middle of the batch").isLessThan(ids.size());
        converter.start();
        awaitConverted(ids, Duration.ofSeconds(120));
        for (String id : ids) {
            // 8 renditions, the 1280 px level and the master
            assertThat(store().list("renditions/" + id + "/")).hasSize(10);
        }
    }

    @Test
    @Order(4)
    void aTruncatedJpegIsRefusedByMediaAndNothingIsStoredOrQueued() throws Exception {
        byte[] jpeg;
        try (VipsImage image = VipsImage.noise(1000, 800, 3)) {
            jpeg = image.save(SaveOptions.of(ImageFormat.JPEG));
        }
        byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length / 3); // header intact, scan data cut off
        int originals = store().list("originals/").size();
        int uploads = store().pendingUploads("originals/").size();
        HttpResponse<String> r = upload(truncated.length, () -> new ByteArrayInputStream(truncated));
        // media follows the JPEG's structure as it streams and refuses it before anything is kept
        // (a corrupt original that still gets through is parked by the converter and marked failed:
        // ConversionTest and media's tests)
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(JSON.readTree(r.body()).path("error").asString()).isEqualTo("truncated_image");
        assertThat(store().list("originals/")).hasSize(originals);
        assertThat(store().pendingUploads("originals/")).hasSize(uploads);
    }

    @Test
    @Order(5)
    void a500MegabyteUploadStreamsThroughA256MegabyteHeap() throws Exception {
        byte[] jpeg;
        try (VipsImage image = VipsImage.noise(640, 480, 3)) {
            jpeg = image.save(SaveOptions.of(ImageFormat.JPEG));
        }
        long padding = 500L * 1024 * 1024;
        long total = jpeg.length + padding;
        long started = System.nanoTime();
        HttpResponse<String> r = upload(total, () -> new SequenceInputStream(new ByteArrayInputStream(jpeg),
                new ZeroStream(padding)));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = JSON.readTree(r.body()).path("id").asString();
        assertThat(store().head("originals/" + id).orElseThrow().size()).isEqualTo(total);
        System.out.printf("500 MB upload through media (-Xmx256m): %.1f s, %.0f MB/s%n", seconds,
                total / 1048576.0 / seconds);
        assertThat(media.url("/")).isNotNull();
        assertThat(getJson(media.url("/actuator/health/liveness")).path("status").asString()).isEqualTo("UP");
    }

    /**
     * The fleet-level half of the resizer's SharpReferenceTest: a handful of awkward photos (an EXIF-rotated
     * portrait, a Display P3 one, an RGBA PNG) uploaded through media, converted by the converter (its master,
     * {@code master.jpg} or {@code master.webp} for alpha), fetched from a real resizer that renders from that
     * master, and compared with sharp's rendering of the same upload: same size, alpha where sharp has it, mean
     * CIEDE2000 under 2 and max under 10 on a 64 px comparison (the bounds, none relaxed).
     */
    @Test
    @Order(6)
    void photosThroughTheWholeFleetMatchSharp() throws Exception {
        Path work = Files.createTempDirectory(dataDir, "sharp-");
        Map<String, byte[]> corpus = new java.util.LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        try (VipsImage photo = smooth(1600, 1200, 3, 51);
                VipsImage portrait = smooth(1200, 800, 3, 61); // stored landscape, upright 800x1200
                VipsImage rotated = portrait.withIntField("orientation", 6);
                VipsImage p3 = photo.convertToProfile("p3");
                VipsImage rgba = smooth(1200, 900, 4, 71)) {
            SaveOptions jpeg = SaveOptions.of(ImageFormat.JPEG).withQuality(95);
            corpus.put("orientation-6-portrait", rotated.save(jpeg.withMetadata(SaveOptions.Metadata.KEEP_ALL)));
            corpus.put("display-p3", p3.save(jpeg.withMetadata(SaveOptions.Metadata.KEEP_ICC)));
            corpus.put("rgba-png", rgba.save(SaveOptions.of(ImageFormat.PNG)));
            types.put("rgba-png", "image/png");
        }
        Map<String, String> env = new HashMap<>(s3.environment());
        env.put("BMO_RESIZER_SECRET", "fleet-sharp-secret");
        try (ServiceProcess resizer = ServiceProcess.of("resizer", Paths.get(System.getProperty("bmo.resizer.jar")))
                .portVariable("BMO_RESIZER_PORT").readyPath("/actuator/health/readiness").env(env).start()) {
            Map<String, String> ids = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, byte[]> e : corpus.entrySet()) {
                byte[] bytes = e.getValue();
                Files.write(work.resolve(e.getKey()), bytes);
                HttpResponse<String> r = upload(bytes.length, () -> new ByteArrayInputStream(bytes),
                        types.getOrDefault(e.getKey(), "image/jpeg"));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                ids.put(e.getKey(), JSON.readTree(r.body()).path("id").asString());
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> ids.values()
                    .stream().allMatch(id -> getJson(media.url("/v1/photos/" + id)).path("converted").asBoolean()));
            assertThat(store().exists("renditions/" + ids.get("rgba-png") + "/master.webp"))
                    .as("the alpha source's master keeps alpha").isTrue();
            assertThat(getJson(media.url("/v1/photos/" + ids.get("orientation-6-portrait"))).path("width").asInt())
                    .as("upright width recorded by media").isEqualTo(800);

            List<SharpReference.Job> jobs = new ArrayList<>();
            record Fetch(String name, int width, String format) {
            }
            List<Fetch> fetches = new ArrayList<>();
            for (String name : corpus.keySet()) {
                for (Object[] f : new Object[][] {{300, "png"}, {600, "webp"}, {200, "jpeg"}}) {
                    Fetch fetch = new Fetch(name, (Integer) f[0], (String) f[1]);
                    fetches.add(fetch);
                    jobs.add(new SharpReference.Job(work.resolve(name), work.resolve(name + "-" + fetch.width()
                            + "." + fetch.format()), fetch.width(), fetch.format()));
                }
            }
            SharpReference.render(work, jobs);
            ImageUrlSigner signer = new ImageUrlSigner("fleet-sharp-secret");
            List<String> failures = new ArrayList<>();
            StringBuilder table = new StringBuilder();
            for (Fetch f : fetches) {
                String what = f.name() + " w=" + f.width() + " " + f.format();
                HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(resizer.url(signer.signedPath(
                        "originals/" + ids.get(f.name()), Map.of("w", Integer.toString(f.width()), "fmt",
                                f.format()))))).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).as(what).isEqualTo(200);
                assertThat(r.headers().firstValue("X-Resizer-Source")).as(what + ": from the converter's master")
                        .hasValue("master");
                double[] dE = SharpReference.deltaE(r.body(), Files.readAllBytes(work.resolve(f.name() + "-"
                        + f.width() + "." + f.format())), 64, what, failures);
                table.append(String.format("%-24s %4d %-5s mean dE00 %5.2f max %5.2f%n", f.name(), f.width(),
                        f.format(), dE[0], dE[1]));
                if (dE[0] >= 2 || dE[1] >= 10) {
                    failures.add(what + String.format(": mean dE00 %.2f, max %.2f", dE[0], dE[1]));
                }
            }
            System.out.print("fleet against sharp " + SharpReference.VERSION + ":\n" + table);
            assertThat(failures).as(table.toString()).isEmpty();
        }
    }

    /**
     * One photo's life under one trace id: the upload request's W3C traceparent is on media's access line and
     * its "accepted" line, on the outbox relay's publishing line, on the converter's line, and on media's line
     * for the "converted" event that came back.
     */
    @Test
    @Order(7)
    void onePhotosUploadRelayConversionAndConvertedEventShareOneTraceId() throws Exception {
        String trace = java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
        byte[] jpeg;
        try (VipsImage image = VipsImage.noise(640, 480, 3)) {
            jpeg = image.save(SaveOptions.of(ImageFormat.JPEG));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(media.url("/v1/photos")))
                .header("Content-Type", "image/jpeg").header("X-Photographer", "Fleet Test")
                .header("traceparent", "00-" + trace + "-00f067aa0ba902b7-00")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = JSON.readTree(r.body()).path("id").asString();
        awaitConverted(List.of(id), Duration.ofSeconds(60));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> mediaLines = jsonLines(media.log()).stream()
                    .filter(l -> trace.equals(l.at("/trace/id").asString(""))).toList();
            List<JsonNode> converterLines = jsonLines(converter.log()).stream()
                    .filter(l -> trace.equals(l.at("/trace/id").asString(""))).toList();
            assertThat(mediaLines).extracting(l -> l.path("message").asString())
                    .anyMatch(m -> m.startsWith("POST /v1/photos 201"))
                    .anyMatch(m -> m.startsWith("photo " + id + " accepted"))
                    .anyMatch(m -> m.startsWith("publishing photo.uploaded for photo " + id))
                    .anyMatch(m -> m.equals("photo " + id + " converted"));
            assertThat(converterLines).extracting(l -> l.path("message").asString())
                    .anyMatch(m -> m.startsWith("photo " + id + ": converted"));
        });
    }

    /** Everything both services wrote during this class, restarts included, is ECS JSON, one object a line. */
    @Test
    @Order(8)
    void everyLineTheServicesWroteIsEcsJson() throws Exception {
        for (ServiceProcess service : List.of(media, converter)) {
            List<JsonNode> lines = jsonLines(service.log());
            assertThat(lines).as(service.log().toString()).hasSizeGreaterThan(10).allSatisfy(line -> {
                assertThat(line.path("@timestamp").asString("")).isNotBlank();
                assertThat(line.at("/log/level").asString("")).isNotBlank();
                assertThat(line.at("/service/name").asString("")).startsWith("bmo-");
                assertThat(line.at("/service/environment").asString("")).isNotBlank();
                assertThat(line.at("/service/version").asString("")).isNotBlank();
                assertThat(line.at("/host/name").asString("")).isNotBlank();
                assertThat(line.at("/labels/commit").asString("")).isNotBlank();
            });
        }
    }

    /** The log's lines as JSON; a line that is not JSON fails with its text. */
    static List<JsonNode> jsonLines(Path log) throws java.io.IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readTree(line));
            } catch (RuntimeException e) {
                throw new AssertionError(log + " has a line that is not JSON: " + line, e);
            }
        }
        return out;
    }

    /** Smooth photo-like content (seeded noise enlarged): resamplers agree on it, unlike on raw noise. */
    static VipsImage smooth(int width, int height, int bands, int seed) {
        try (VipsImage noise = VipsImage.noise(width / 100, height / 100, bands, seed);
                VipsImage big = noise.thumbnail(dev.bmo.vips.ThumbnailOptions.exactly(width, height)
                        .withToSrgb(false))) {
            return big.inMemory();
        }
    }

    // ------------------------------------------------------------------ helpers

    static ObjectStore store() {
        return s3.store();
    }

    static List<String> uploadPhotos(int count, int width, int height) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] jpeg;
            try (VipsImage image = VipsImage.noise(width + i, height, 3)) {
                jpeg = image.save(SaveOptions.of(ImageFormat.JPEG));
            }
            HttpResponse<String> r = upload(jpeg.length, () -> new ByteArrayInputStream(jpeg));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            ids.add(JSON.readTree(r.body()).path("id").asString());
        }
        return ids;
    }

    static HttpResponse<String> upload(long length, java.util.function.Supplier<InputStream> body) throws Exception {
        return upload(length, body, "image/jpeg");
    }

    static HttpResponse<String> upload(long length, java.util.function.Supplier<InputStream> body, String type)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(media.url("/v1/photos")))
                .header("Content-Type", type).header("X-Photographer", "Fleet Test")
                .timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), length))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static void awaitConverted(List<String> ids, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(300)).until(() -> ids.stream()
                .allMatch(id -> getJson(media.url("/v1/photos/" + id)).path("converted").asBoolean()));
        for (String id : ids) {
            assertThat(store().exists("renditions/" + id + "/master.jpg")).isTrue();
        }
    }

    static JsonNode getJson(String url) {
        try {
            return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code size} zero bytes, made on the fly. */
    static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
