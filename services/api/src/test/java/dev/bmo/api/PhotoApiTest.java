package dev.bmo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.api.keys.ApiKeyRepository;
import dev.bmo.imageurls.ImageUrlSigner;
import dev.bmo.testing.RabbitVhost;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The photo API against a real media (its jar as a process, on S3Proxy, RabbitMQ and H2), real Redis, over real
 * HTTP; every answer is checked against the API's OpenAPI document.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("slow") // starts media as a process
class PhotoApiTest {

    @RegisterExtension
    static RabbitVhost rabbit = new RabbitVhost();
    static MediaForTests media;

    static final String KEY = "test-key-" + UUID.randomUUID();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry r) {
        media = new MediaForTests(rabbit.amqpUrl());
        r.add("BMO_API_MEDIA_URL", media::url);
        r.add("BMO_RESIZER_SECRET", () -> MediaForTests.SECRET);
        r.add("BMO_ENV", () -> "test");
        r.add("BMO_API_IMAGE_BASE_URL", () -> "https://img.example.test");
        r.add("BMO_API_DB_URL", () -> "jdbc:h2:mem:api-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        r.add("BMO_API_REDIS_PREFIX", () -> "bmo-api-test:" + UUID.randomUUID() + ":");
        r.add("BMO_API_CACHE_FRESH", () -> "1s");
        r.add("BMO_API_KEYS", () -> "photo-api-test:" + KEY + ":100000");
        r.add("BMO_ACCESS_LOG", () -> "off");
    }

    @AfterAll
    static void stopMedia() {
        if (media != null) {
            media.close();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApiKeyRepository keys;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry registry;
    ContractCheckedClient api;

    @BeforeEach
    void client() {
        api = new ContractCheckedClient("http://127.0.0.1:" + port);
    }

    @Test
    void theWebGetsASrcsetOfSignedUrlsAtTheStandardWidthsInTheBestFormatItAccepts() {
        JsonNode uploaded = media.upload(1000, 750, "Ada Lovelace");
        String id = uploaded.path("id").asString();

        ContractCheckedClient.Reply r = api.get("/v1/photos/" + id, KEY, "Accept", "image/avif,image/webp,*/*");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode photo = r.json();
        assertThat(photo.path("id").asString()).isEqualTo(id);
        assertThat(photo.path("photographer").asString()).isEqualTo("Ada Lovelace");
        assertThat(photo.path("width").asInt()).isEqualTo(1000);
        assertThat(photo.path("height").asInt()).isEqualTo(750);
        assertThat(photo.path("state").asString()).isEqualTo("processing");
        assertThat(photo.path("created").asString()).isEqualTo(uploaded.path("uploadedAt").asString());
        JsonNode images = photo.path("images");
        assertThat(images.path("client").asString()).isEqualTo("web");
        assertThat(images.path("format").asString()).isEqualTo("avif");
        assertThat(images.path("sizes").asString()).isNotBlank();
        // the standard widths 320, 640, 960, 1280, 1920 are never wider than the photo: 1000 is its own width
        List<String> candidates = Arrays.asList(images.path("srcset").asString().split(", "));
        assertThat(candidates).extracting(c -> c.substring(c.lastIndexOf(' ') + 1))
                .containsExactly("320w", "640w", "960w", "1000w");
        for (String candidate : candidates) {
            String url = candidate.substring(0, candidate.lastIndexOf(' '));
            assertThat(url).startsWith("https://img.example.test/v1/images/originals/" + id + "?").contains("fmt=avif");
            assertSigned(url);
        }
        assertThat(images.path("src").asString()).contains("w=960");
        assertThat(images.has("urls")).isFalse();

        assertThat(api.get("/v1/photos/" + id, KEY, "Accept", "image/webp,*/*").json().path("images").path("format").asString())
                .isEqualTo("webp");
        assertThat(api.get("/v1/photos/" + id, KEY, "Accept", "image/avif;q=0,image/webp").json().path("images")
                .path("format").asString()).isEqualTo("webp");
        assertThat(api.get("/v1/photos/" + id, KEY, "Accept", "*/*").json().path("images").path("format").asString())
                .isEqualTo("jpeg");
        // a browser's fetch() sends */*: the page says what its <img> decodes
        assertThat(api.get("/v1/photos/" + id + "?accept=image/webp", KEY).json().path("images").path("format").asString())
                .isEqualTo("webp");
    }

    @Test
    void aPhoneGetsTheOneOrTwoUrlsItsScreenNeeds() {
        String id = media.upload(2000, 1000, "Grace Hopper").path("id").asString();

        JsonNode images = api.get("/v1/photos/" + id + "?client=ios&width=375&dpr=3", KEY).json().path("images");
        assertThat(images.path("client").asString()).isEqualTo("ios");
        assertThat(images.path("format").asString()).isEqualTo("webp");
        assertThat(images.has("srcset")).isFalse();
        JsonNode urls = images.path("urls");
        assertThat(urls.size()).isEqualTo(2);
        // 375 points at 3 pixels each: 1125 px, rounded up to the next 100 for shared cache entries
        assertThat(urls.get(0).path("use").asString()).isEqualTo("display");
        assertThat(urls.get(0).path("width").asInt()).isEqualTo(1200);
        assertThat(urls.get(0).path("url").asString()).contains("w=1200").contains("fmt=webp");
        assertThat(urls.get(1).path("use").asString()).isEqualTo("placeholder");
        assertThat(urls.get(1).path("width").asInt()).isEqualTo(32);
        urls.valueStream().forEach(u -> assertSigned(u.path("url").asString()));

        // wider than the photo: the photo's own width; small enough: no placeholder
        assertThat(api.get("/v1/photos/" + id + "?client=android&width=1200&dpr=2", KEY).json()
                .path("images").path("urls").get(0).path("width").asInt()).isEqualTo(2000);
        JsonNode tiny = api.get("/v1/photos/" + id + "?client=android&width=40", KEY).json().path("images").path("urls");
        assertThat(tiny.size()).isEqualTo(1);
        assertThat(tiny.get(0).path("width").asInt()).isEqualTo(100);
        assertThat(api.get("/v1/photos/" + id + "?client=ios&width=100", KEY, "Accept", "image/jpeg").json()
                .path("images").path("format").asString()).isEqualTo("jpeg");

        assertError(api.get("/v1/photos/" + id + "?client=ios", KEY), 400, "missing_width");
        assertError(api.get("/v1/photos/" + id + "?client=ios&width=100&dpr=9", KEY), 400, "invalid_dpr");
        assertError(api.get("/v1/photos/" + id + "?client=tv", KEY), 400, "invalid_client");
        assertError(api.get("/v1/photos/" + id + "?client=ios&width=wide", KEY), 400, "invalid_parameter");
    }

    @Test
    void answersAreCachedWithETagsAndAConvertedPhotoBecomesReady() throws Exception {
        String id = media.upload(640, 480, "Hedy Lamarr").path("id").asString();

        ContractCheckedClient.Reply first = api.get("/v1/photos/" + id, KEY);
        assertThat(first.header("X-Cache")).isEqualTo("miss");
        double hits = registry.get("api.cache.requests").tag("result", "hit").counter().count();
        ContractCheckedClient.Reply second = api.get("/v1/photos/" + id, KEY);
        assertThat(second.header("X-Cache")).isEqualTo("hit");
        assertThat(registry.get("api.cache.requests").tag("result", "hit").counter().count()).isEqualTo(hits + 1);
        assertThat(second.body()).isEqualTo(first.body());
        // the second is written by PhotoHitFilter, the first by the controller: the same answer either way
        for (String h : List.of("Content-Type", "Content-Length", "Cache-Control", "Vary")) {
            assertThat(second.header(h)).as(h).isNotNull().isEqualTo(first.header(h));
        }
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank().isEqualTo(second.header("ETag"));
        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("100000");

        ContractCheckedClient.Reply notModified = api.get("/v1/photos/" + id, KEY, "If-None-Match", etag);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        // another client's answer is another body, another ETag
        assertThat(api.get("/v1/photos/" + id + "?client=ios&width=100", KEY, "If-None-Match", etag).status()).isEqualTo(200);

        converted(id);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(api.get("/v1/photos/" + id, KEY).json().path("state").asString()).isEqualTo("ready"));
        ContractCheckedClient.Reply changed = api.get("/v1/photos/" + id, KEY, "If-None-Match", etag);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
    }

    @Test
    void aPhotoAskedForSteadilyIsRefreshedAheadAndNeverWaitsForMedia() throws Exception {
        String id = media.upload(640, 480, "Katherine Johnson").path("id").asString();
        assertThat(api.get("/v1/photos/" + id, KEY).header("X-Cache")).isEqualTo("miss");
        double misses = registry.get("api.cache.requests").tag("result", "miss").counter().count();
        double refreshed = registry.get("api.cache.refreshed").counter().count();
        // a request every 100 ms for 3 s, three times the freshness (1 s): media is asked again in the
        // background once an answer is half a second old, so none of these waits for it
        for (int i = 0; i < 30; i++) {
            Thread.sleep(100);
            ContractCheckedClient.Reply r = api.get("/v1/photos/" + id, KEY);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("X-Cache")).as("request " + i).isEqualTo("hit");
        }
        assertThat(registry.get("api.cache.requests").tag("result", "miss").counter().count()).isEqualTo(misses);
        assertThat(registry.get("api.cache.refreshed").counter().count() - refreshed).isBetween(3.0, 7.0);
    }

    @Test
    void listingsPageNewestFirstByPhotographerAndOverall() {
        String photographer = "Lister " + UUID.randomUUID();
        List<String> uploaded = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            uploaded.add(0, media.upload(200, 100, photographer).path("id").asString());
        }
        String query = "/v1/photos?photographer=" + java.net.URLEncoder.encode(photographer, StandardCharsets.UTF_8) + "&limit=2";
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ContractCheckedClient.Reply r = api.get(query + (cursor == null ? "" : "&cursor=" + cursor), KEY);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            r.json().path("photos").valueStream().forEach(p -> {
                seen.add(p.path("id").asString());
                assertThat(p.path("images").path("srcset").asString()).contains("200w");
            });
            cursor = r.json().has("nextCursor") ? r.json().path("nextCursor").asString() : null;
            pages++;
        } while (cursor != null);
        assertThat(seen).isEqualTo(uploaded);
        assertThat(pages).isEqualTo(3);

        JsonNode newest = api.get("/v1/photos?sort=newest&limit=1&client=ios&width=50", KEY).json();
        assertThat(newest.path("photos").get(0).path("id").asString()).isEqualTo(uploaded.get(0));
        assertThat(newest.path("photos").get(0).path("images").path("urls").size()).isEqualTo(1);
        assertError(api.get("/v1/photos?limit=101", KEY), 400, "invalid_limit");
        assertError(api.get("/v1/photos?limit=0", KEY), 400, "invalid_limit");
        assertError(api.get("/v1/photos?sort=oldest", KEY), 400, "invalid_sort");
        assertError(api.get("/v1/photos?cursor=bm9wZQ", KEY), 400, "invalid_cursor");
    }

    @Test
    void keysAreCheckedAndStoredHashed() {
        assertError(api.get("/v1/photos/" + "0".repeat(32), null), 401, "missing_api_key");
        assertError(api.get("/v1/photos/" + "0".repeat(32), "not-a-key"), 401, "invalid_api_key");
        assertError(api.get("/v1/photos/" + "0".repeat(32), KEY), 404, "not_found");
        assertError(api.get("/v1/photos/not-an-id", KEY), 404, "not_found");
        assertThat(keys.findByKey(KEY)).isPresent();
        assertThat(api.checked()).isEqualTo(4);
    }

    @Test
    void theContractIsServedAndDescribesTheApi() {
        ContractCheckedClient.Reply docs = api.get("/v3/api-docs", null);
        JsonNode spec = docs.json();
        assertThat(spec.path("paths").has("/v1/photos/{id}")).isTrue();
        assertThat(spec.path("paths").has("/v1/photos")).isTrue();
        assertThat(spec.path("paths").has("/actuator/health")).isFalse();
        assertThat(spec.path("components").path("securitySchemes").path("apiKey").path("name").asString()).isEqualTo("X-Api-Key");
        // the validator is only worth something if it refuses what the contract does not describe
        String photo = "{\"id\":\"" + "a".repeat(32) + "\",\"photographer\":\"Ada\",\"width\":10,\"height\":10,"
                + "\"created\":\"2026-01-01T00:00:00Z\",\"state\":\"%s\"}";
        assertThat(api.errorsFor("/v1/photos/" + "a".repeat(32), 200, photo.formatted("ready"))).isEmpty();
        assertThat(api.errorsFor("/v1/photos/" + "a".repeat(32), 200, photo.formatted("done"))).contains("enum");
        assertThat(api.errorsFor("/v1/photos/" + "a".repeat(32), 200, "{\"id\":\"x\"}")).contains("required");
        assertThat(api.errorsFor("/v1/photos/" + "a".repeat(32), 404, "{\"message\":\"no\"}")).contains("error");
        assertThat(spec.path("components").path("schemas").path("Photo").path("properties").path("state")
                .path("enum").valueStream().map(JsonNode::asString).toList()).containsExactly("processing", "ready", "failed");
    }

    @Test
    void manyClientsAskingForOneNewPhotoAtOnceCostMediaOneCall() throws Exception {
        String id = media.upload(800, 600, "Grace Hopper").path("id").asString();
        long before = mediaCalls();
        int clients = 16;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                ContractCheckedClient own = new ContractCheckedClient("http://127.0.0.1:" + port);
                answers.add(pool.submit(() -> {
                    go.await();
                    return own.get("/v1/photos/" + id + "?client=web", KEY).status();
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<Integer> answer : answers) {
                assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(mediaCalls() - before).as("calls to media for " + clients + " simultaneous requests").isEqualTo(1);
    }

    private long mediaCalls() {
        return registry.find("api.media.requests").timers().stream().mapToLong(io.micrometer.core.instrument.Timer::count)
                .sum();
    }

    @Test
    void healthSaysMediaAndRedisAreThere() {
        ContractCheckedClient.Reply ready = api.get("/actuator/health/readiness", null);
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.json().path("components").path("media").path("status").asString()).isEqualTo("UP");
        assertThat(ready.json().path("components").path("redis").path("status").asString()).isEqualTo("UP");
        assertThat(ready.json().path("components").path("db").path("status").asString()).isEqualTo("UP");
    }

    /** The converter's "converted" event, published as the converter does. */
    private static void converted(String id) throws Exception {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setUri(rabbit.amqpUrl());
        try (com.rabbitmq.client.Connection c = factory.newConnection();
                com.rabbitmq.client.Channel ch = c.createChannel()) {
            ch.basicPublish("bmo.photos", "photo.converted", null,
                    ("{\"id\":\"" + id + "\",\"convertedAt\":\"" + java.time.Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void assertSigned(String url) {
        URI u = URI.create(url);
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : u.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        String sig = params.remove("sig");
        assertThat(new ImageUrlSigner(MediaForTests.SECRET, false).verify(URLDecoder.decode(u.getRawPath(), StandardCharsets.UTF_8), params, sig))
                .as("signed: " + url).isTrue();
    }

    static void assertError(ContractCheckedClient.Reply r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("error").asString()).as(r.body()).isEqualTo(code);
        assertThat(r.json().path("message").asString()).isNotBlank();
    }
}
