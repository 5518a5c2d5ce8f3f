package dev.bmo.resizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.imageurls.ImageUrlSigner;
import dev.bmo.storage.ObjectStore;
import dev.bmo.storage.testing.S3ProxyExtension;
import dev.bmo.vips.ImageHeader;
import dev.bmo.vips.VipsImage;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The resizer end to end: real HTTP, real S3 (S3Proxy in its own process), real libvips. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "BMO_RESIZER_SECRET=test-secret", "BMO_RESIZER_MAX_SOURCE_MEGAPIXELS=7",
        "BMO_RESIZER_MAX_SOURCE_BYTES=3000000"})
@Tag("slow") // the whole resizer against RabbitMQ and S3: ./test --fast leaves it out
class ResizerApplicationTest {

    @RegisterExtension
    static S3ProxyExtension s3 = new S3ProxyExtension();

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        s3.environment().forEach((k, v) -> registry.add(k, () -> v));
    }

    static final ImageUrlSigner SIGNER = new ImageUrlSigner("test-secret");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @BeforeAll
    static void uploadImages() {
        ObjectStore store = s3.store();
        store.put("originals/photo1", TestImages.noiseJpeg(1600, 1000), "image/jpeg",
                Map.of("photographer", "Ana <Lopez> & Co", "width", "1600", "height", "1000"));
        // a black original whose master is white: the output's colour tells which one was used
        store.put("originals/withmaster", TestImages.solidJpeg(3000, 2000, 0, 0, 0), "image/jpeg",
                Map.of("photographer", "Bo", "width", "3000", "height", "2000"));
        store.put("renditions/withmaster/master.jpg", TestImages.solidJpeg(2048, 1365, 255, 255, 255), "image/jpeg",
                Map.of("photographer", "Bo"));
        store.put("originals/dark", TestImages.solidJpeg(1000, 800, 0, 0, 0), "image/jpeg",
                Map.of("photographer", "Cy Twombly", "width", "1000", "height", "800"));
        store.put("originals/nometa", TestImages.noiseJpeg(900, 600), "image/jpeg", Map.of());
        store.put("originals/text", "just some text, no image".getBytes(StandardCharsets.UTF_8), "image/jpeg",
                Map.of());
        byte[] jpeg = TestImages.noiseJpeg(1200, 900);
        store.put("originals/truncated", java.util.Arrays.copyOf(jpeg, jpeg.length / 2), "image/jpeg", Map.of());
        store.put("originals/huge", TestImages.solidJpeg(3000, 2500, 9, 9, 9), "image/jpeg", Map.of());
        store.put("originals/big-file", new byte[3_100_000], "image/jpeg", Map.of());
    }

    @AfterAll
    static void noImageLeftOpen() {
        assertThat(VipsImage.openImages()).isZero();
    }

    private HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> signed(String key, Map<String, String> params, String... headers) throws Exception {
        return get(SIGNER.signedPath(key, params), headers);
    }

    private static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void rendersASignedRequestThenServesItFromTheCacheWithEtagAnd304() throws Exception {
        HttpResponse<byte[]> first = signed("originals/photo1", Map.of("w", "400"));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(first.headers().firstValue("X-Resizer-Cache")).contains("miss");
        assertThat(first.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v)
                .contains("public", "max-age=31536000"));
        assertThat(first.headers().firstValue("Vary")).isEmpty();
        ImageHeader header = VipsImage.inspect(first.body());
        assertThat(header.width()).isEqualTo(400);
        assertThat(header.height()).isEqualTo(250);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> second = signed("originals/photo1", Map.of("w", "400"));
        assertThat(second.headers().firstValue("X-Resizer-Cache")).contains("hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("ETag")).contains(etag);

        HttpResponse<byte[]> notModified = signed("originals/photo1", Map.of("w", "400"), "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        // dpr is folded into the size: w=200&dpr=2 is the same render as w=400
        assertThat(signed("originals/photo1", Map.of("w", "200", "dpr", "2")).headers().firstValue("X-Resizer-Cache"))
                .contains("hit");
    }

    @Test
    void cacheHitsAreWrittenStraightOutWithTheSameHeadersAndStillNeedTheSignature() throws Exception {
        Map<String, String> params = Map.of("w", "260", "fmt", "auto");
        HttpResponse<byte[]> miss = signed("originals/photo1", params, "Accept", "image/webp");
        assertThat(miss.headers().firstValue("X-Resizer-Cache")).contains("miss");
        long hitsBefore = registry.find("resizer.requests").tag("outcome", "hit").tag("format", "webp").timers()
                .stream().mapToLong(t -> t.count()).sum();
        HttpResponse<byte[]> hit = signed("originals/photo1", params, "Accept", "image/webp");
        assertThat(hit.statusCode()).isEqualTo(200);
        assertThat(hit.headers().firstValue("X-Resizer-Cache")).contains("hit");
        assertThat(hit.body()).isEqualTo(miss.body());
        for (String name : List.of("Content-Type", "Content-Length", "Cache-Control", "ETag", "Vary",
                "X-Resizer-Source")) {
            assertThat(hit.headers().allValues(name)).as(name).isEqualTo(miss.headers().allValues(name))
                    .isNotEmpty();
        }
        // the filter records the hit after the body is written, so the client can be ahead of the meter
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry
                .find("resizer.requests").tag("outcome", "hit").tag("format", "webp").timers().stream()
                .mapToLong(t -> t.count()).sum()).isEqualTo(hitsBefore + 1));
        // a cached render is still refused without the right signature, with the JSON error
        String good = SIGNER.signedPath("originals/photo1", params);
        HttpResponse<byte[]> unsigned = get(good.substring(0, good.indexOf("&sig=")), "Accept", "image/webp");
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(body(unsigned)).contains("\"error\":\"bad_signature\"");
        // a repeated parameter on a cached render is the controller's 400/403, not a hit
        HttpResponse<byte[]> repeated = get(good + "&w=260", "Accept", "image/webp");
        assertThat(repeated.statusCode()).isIn(400, 403);
    }

    @Test
    void autoFormatNegotiatesFromAcceptAndVariesOnlyThen() throws Exception {
        HttpResponse<byte[]> webp = signed("originals/photo1", Map.of("w", "300", "fmt", "auto"),
                "Accept", "image/avif,image/webp,*/*");
        assertThat(webp.statusCode()).isEqualTo(200);
        assertThat(webp.headers().firstValue("Content-Type")).contains("image/webp");
        assertThat(webp.headers().firstValue("Vary")).contains("Accept");
        assertThat(VipsImage.inspect(webp.body()).loader()).startsWith("webpload");
        HttpResponse<byte[]> jpeg = signed("originals/photo1", Map.of("w", "300", "fmt", "auto"), "Accept", "*/*");
        assertThat(jpeg.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(jpeg.headers().firstValue("Vary")).contains("Accept");
        for (String fmt : List.of("png", "avif", "webp")) {
            HttpResponse<byte[]> r = signed("originals/photo1", Map.of("w", "120", "fmt", fmt));
            assertThat(r.statusCode()).as(fmt).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(fmt).contains("image/" + fmt);
            assertThat(r.headers().firstValue("Vary")).isEmpty();
            assertThat(VipsImage.inspect(r.body()).width()).isEqualTo(120);
        }
    }

    @Test
    void fitsCoverContainAndFill() throws Exception {
        ImageHeader cover = VipsImage.inspect(signed("originals/photo1",
                Map.of("w", "300", "h", "300", "fit", "cover")).body());
        assertThat(List.of(cover.width(), cover.height())).containsExactly(300, 300);
        ImageHeader contain = VipsImage.inspect(signed("originals/photo1",
                Map.of("w", "300", "h", "300", "fit", "contain", "fmt", "png")).body());
        assertThat(List.of(contain.width(), contain.height(), contain.bands())).containsExactly(300, 300, 4);
        ImageHeader fill = VipsImage.inspect(signed("originals/photo1",
                Map.of("w", "300", "h", "100", "fit", "fill")).body());
        assertThat(List.of(fill.width(), fill.height())).containsExactly(300, 100);
    }

    @Test
    void usesTheMasterWhenLargeEnoughAndTheOriginalOtherwise() throws Exception {
        HttpResponse<byte[]> small = signed("originals/withmaster", Map.of("w", "800"));
        assertThat(small.headers().firstValue("X-Resizer-Source")).contains("master");
        assertThat(TestImages.average(small.body(), 0, 0, 800, 533)).isGreaterThan(250); // white master
        HttpResponse<byte[]> large = signed("originals/withmaster", Map.of("w", "2500"));
        assertThat(large.headers().firstValue("X-Resizer-Source")).contains("original");
        assertThat(VipsImage.inspect(large.body()).width()).isEqualTo(2500);
        assertThat(TestImages.average(large.body(), 0, 0, 2500, 1667)).isLessThan(5); // black original
        // no metadata sizes: straight from the original
        HttpResponse<byte[]> nometa = signed("originals/nometa", Map.of("w", "90"));
        assertThat(nometa.headers().firstValue("X-Resizer-Source")).contains("original");
        assertThat(VipsImage.inspect(nometa.body()).height()).isEqualTo(60);
    }

    @Test
    void watermarkAddsTheLogoAndTheAttribution() throws Exception {
        byte[] plain = signed("originals/dark", Map.of("w", "500")).body();
        byte[] marked = signed("originals/dark", Map.of("w", "500", "wm", "1")).body();
        ImageHeader header = VipsImage.inspect(marked);
        assertThat(List.of(header.width(), header.height())).containsExactly(500, 400);
        // logo bottom right, attribution bottom left, nothing at the top
        assertThat(TestImages.average(plain, 380, 300, 120, 100)).isLessThan(3);
        assertThat(TestImages.average(marked, 380, 300, 120, 100)).isGreaterThan(8);
        assertThat(TestImages.average(plain, 0, 360, 200, 40)).isLessThan(3);
        assertThat(TestImages.average(marked, 0, 360, 200, 40)).isGreaterThan(8);
        assertThat(TestImages.average(marked, 0, 0, 500, 200)).isLessThan(3);
    }

    @Test
    void refusesMissingAndWrongSignaturesWith403Json() throws Exception {
        HttpResponse<byte[]> unsigned = get("/v1/images/originals/photo1?w=400");
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(body(unsigned)).contains("\"error\":\"bad_signature\"");
        String good = SIGNER.signedPath("originals/photo1", Map.of("w", "400"));
        HttpResponse<byte[]> tampered = get(good.replace("w=400", "w=401"));
        assertThat(tampered.statusCode()).isEqualTo(403);
        HttpResponse<byte[]> otherKey = get(new ImageUrlSigner("other").signedPath("originals/photo1",
                Map.of("w", "400")));
        assertThat(otherKey.statusCode()).isEqualTo(403);

        // the scheme cannot be bent: a value holding '&' and '=' is not two parameters, an empty name cannot be
        // appended, a second sig is said to be one, an unknown version is named
        String signed = SIGNER.signedPath("originals/photo1", Map.of("fmt", "png", "w", "32"));
        assertThat(get(signed).statusCode()).isEqualTo(200);
        String sig = signed.substring(signed.indexOf("sig=") + 4);
        HttpResponse<byte[]> smuggled = get("/v1/images/originals/photo1?fmt=png%26w%3D32&sv=2&sig=" + sig);
        assertThat(smuggled.statusCode()).as(body(smuggled)).isIn(400, 403);
        assertThat(body(get(signed + "&=x"))).contains("empty name");
        assertThat(body(get(signed + "&sig=" + sig))).contains("sig is given 2 times");
        assertThat(body(get(signed.replace("sv=2", "sv=7")))).contains("sv=7 is not a signature version");
        // URLs issued before sv=2 still work during the transition (version 1: decoded values joined by '&')
        String v1 = ImageUrlSigner.pathFor("originals/photo1") + "?w=120&sig="
                + SIGNER.signature(ImageUrlSigner.pathFor("originals/photo1"), Map.of("w", "120"));
        assertThat(get(v1).statusCode()).isEqualTo(200);
    }

    @Test
    void answersBadInputWithClearJsonErrors() throws Exception {
        assertError(signed("originals/photo1", Map.of("width", "400")), 400, "unknown_parameter");
        assertError(signed("originals/photo1", Map.of("w", "9000")), 400, "output_too_large");
        assertError(signed("originals/photo1", Map.of("w", "5000", "dpr", "2")), 400, "output_too_large");
        assertError(signed("originals/photo1", Map.of("w", "x")), 400, "bad_parameter");
        assertError(signed("originals/nope", Map.of("w", "100")), 404, "not_found");
        assertError(signed("originals/text", Map.of("w", "100")), 422, "not_an_image");
        assertError(signed("originals/truncated", Map.of("w", "100")), 422, "corrupt_image");
        assertError(signed("originals/huge", Map.of("w", "100")), 422, "source_too_many_pixels");
        assertError(signed("originals/big-file", Map.of("w", "100")), 422, "source_too_large");
        assertError(get("/nothing-here"), 404, "not_found");
        // signed over-long keys are the client's mistake, never the storage's (they were 502 storage_unavailable):
        // 710 characters that are 1,420 bytes of UTF-8, 1,024 characters in one segment, 1,100 characters
        assertError(signed("originals/" + "é".repeat(700), Map.of("w", "100")), 400, "bad_key");
        assertError(signed("originals/" + "a".repeat(1014), Map.of("w", "100")), 400, "bad_key");
        assertError(signed("originals/" + "abcdefghi/".repeat(110) + "x", Map.of("w", "100")), 400, "bad_key");
        // a long key that is legal still reaches the store (and is not there)
        assertError(signed("originals/" + "abcdefghi/".repeat(90) + "x", Map.of("w", "100")), 404, "not_found");
    }

    private static void assertError(HttpResponse<byte[]> r, int status, String code) {
        assertThat(r.statusCode()).as(body(r)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        assertThat(body(r)).contains("\"status\":" + status, "\"error\":\"" + code + "\"", "\"message\":");
    }

    @Test
    void identicalConcurrentRequestsCoalesceIntoOneRender() throws Exception {
        s3.store().put("originals/coalesce", TestImages.solidJpeg(3000, 2000, 90, 120, 150), "image/jpeg", Map.of());
        double rendersBefore = renders();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<byte[]>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> signed("originals/coalesce", Map.of("w", "640")));
            }
            List<byte[]> bodies = new ArrayList<>();
            for (Future<HttpResponse<byte[]>> f : clients.invokeAll(calls)) {
                assertThat(f.get().statusCode()).isEqualTo(200);
                bodies.add(f.get().body());
            }
            assertThat(bodies).allSatisfy(b -> assertThat(b).isEqualTo(bodies.get(0)));
        } finally {
            clients.shutdownNow();
        }
        assertThat(renders() - rendersBefore).isEqualTo(1.0);
    }

    private double renders() {
        return registry.find("resizer.render").timers().stream().mapToDouble(t -> t.count()).sum();
    }

    @Test
    void healthInfoAndMetricsAreExposedAndNothingElse() throws Exception {
        signed("originals/photo1", Map.of("w", "77"));
        String health = body(get("/actuator/health"));
        assertThat(health).contains("\"status\":\"UP\"", "\"libvips\"", "\"s3\"", "8.14");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(body(get("/actuator/health/readiness"))).contains("\"s3\"", "\"libvips\"");
        String info = body(get("/actuator/info"));
        assertThat(info).contains("\"libvips\"", "\"build\"", "\"version\"");
        String metrics = body(get("/actuator/metrics"));
        assertThat(metrics).contains("resizer.requests", "resizer.render", "resizer.cache.hits",
                "resizer.cache.misses", "resizer.cache.bytes", "resizer.queue.depth", "resizer.source.bytes");
        assertThat(body(get("/actuator/metrics/resizer.requests"))).contains("\"format\"", "\"outcome\"");
        assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
    }
}
