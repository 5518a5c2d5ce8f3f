package dev.bmo.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.testing.RabbitVhost;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Media killed under the API (kill -9 of its process): cached photos are still served, marked stale; uncached
 * ones get a fast 503 with Retry-After, never a hang; the breaker opens and readiness says media is down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("slow") // starts media as a process
class ResilienceTest {

    @RegisterExtension
    static RabbitVhost rabbit = new RabbitVhost();
    static MediaForTests media;
    static final String KEY = "resilience-key-" + UUID.randomUUID();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry r) {
        media = new MediaForTests(rabbit.amqpUrl());
        r.add("BMO_API_MEDIA_URL", media::url);
        r.add("BMO_RESIZER_SECRET", () -> MediaForTests.SECRET);
        r.add("BMO_API_DB_URL", () -> "jdbc:h2:mem:api-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        r.add("BMO_API_REDIS_PREFIX", () -> "bmo-api-test:" + UUID.randomUUID() + ":");
        r.add("BMO_API_CACHE_FRESH", () -> "1s");
        r.add("BMO_API_KEYS", () -> "resilience:" + KEY + ":100000");
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
    MeterRegistry registry;

    @Test
    void withMediaDownCachedPhotosAreServedStaleAndOthersGetAFast503() throws Exception {
        ContractCheckedClient api = new ContractCheckedClient("http://127.0.0.1:" + port);
        String cached = media.upload(800, 600, "Ada").path("id").asString();
        String uncached = media.upload(800, 600, "Ada").path("id").asString();
        ContractCheckedClient.Reply before = api.get("/v1/photos/" + cached, KEY);
        assertThat(before.status()).as(before.body()).isEqualTo(200);
        assertThat(api.get("/v1/photos?limit=5", KEY).status()).isEqualTo(200);

        media.kill();
        Thread.sleep(1_200); // past the freshness: the API must ask media again, and cannot

        for (int i = 0; i < 10; i++) {
            ContractCheckedClient.Reply stale = api.get("/v1/photos/" + cached, KEY);
            assertThat(stale.status()).as(stale.body()).isEqualTo(200);
            assertThat(stale.header("X-Cache")).isEqualTo("stale");
            assertThat(Long.parseLong(stale.header("Age"))).isGreaterThanOrEqualTo(1);
            assertThat(stale.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(stale.json().path("id").asString()).isEqualTo(cached);
            assertThat(stale.millis()).as("stale answer time").isLessThan(1_000);
        }
        assertThat(api.get("/v1/photos?limit=5", KEY).header("X-Cache")).isEqualTo("stale");

        for (int i = 0; i < 5; i++) {
            ContractCheckedClient.Reply down = api.get("/v1/photos/" + uncached, KEY);
            assertThat(down.status()).as(down.body()).isEqualTo(503);
            assertThat(down.json().path("error").asString()).isEqualTo("media_unavailable");
            assertThat(down.header("Retry-After")).isEqualTo("5");
            assertThat(down.millis()).as("503 answer time").isLessThan(1_500);
        }
        // by now the breaker is open: failures are answered without even trying media
        ContractCheckedClient.Reply fast = api.get("/v1/photos/" + uncached, KEY);
        assertThat(fast.status()).isEqualTo(503);
        assertThat(fast.millis()).as("answer time with the breaker open").isLessThan(500);

        // with the breaker open, stale answers are served before Spring MVC (PhotoHitFilter): the same answer,
        // ETag and headers as the controller's stale answers and the first, fresh one
        double staleBefore = registry.get("api.cache.requests").tag("result", "stale").counter().count();
        long refused = registry.get("api.media.requests").tag("outcome", "rejected").timer().count();
        ContractCheckedClient.Reply open = api.get("/v1/photos/" + cached, KEY);
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.header("X-Cache")).isEqualTo("stale");
        assertThat(open.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(Long.parseLong(open.header("Age"))).isGreaterThanOrEqualTo(1);
        assertThat(open.header("Vary")).isEqualTo("Accept");
        assertThat(open.body()).isEqualTo(before.body());
        assertThat(open.header("ETag")).isNotBlank().isEqualTo(before.header("ETag"));
        assertThat(api.get("/v1/photos/" + cached, KEY, "If-None-Match", before.header("ETag")).status()).isEqualTo(304);
        assertThat(registry.get("api.cache.requests").tag("result", "stale").counter().count()).isEqualTo(staleBefore + 2);
        assertThat(registry.get("api.media.requests").tag("outcome", "rejected").timer().count())
                .as("calls refused by the open breaker: none, media was not even asked").isEqualTo(refused);

        ContractCheckedClient.Reply ready = api.get("/actuator/health/readiness", null);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().path("components").path("media").path("status").asString()).isEqualTo("DOWN");
        assertThat(ready.json().path("components").path("media").path("details").path("breaker").asString()).isEqualTo("OPEN");
        ContractCheckedClient.Reply breaker = api.get("/actuator/metrics/api.media.breaker.state", null);
        assertThat(breaker.json().path("measurements").get(0).path("value").asDouble()).isEqualTo(2.0);
        ContractCheckedClient.Reply staleCount = api.get("/actuator/metrics/api.cache.requests?tag=result:stale", null);
        assertThat(staleCount.json().path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(11);
    }
}
