package dev.bmo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A key's limit holds across API hosts: two APIs (two applications, one Redis) share each key's bucket. No media
 * is needed: the requests name no photo media could have, and the gate answers before media is asked.
 */
@Tag("slow") // whole applications with their servers and Redis
class RateLimitTest {

    static final String PREFIX = "bmo-api-test:" + UUID.randomUUID() + ":";
    static final String LIMITED = "limited-key-" + UUID.randomUUID();
    static final String FIRST_PARTY = "first-party-key-" + UUID.randomUUID();
    static final String BUSY = "busy-key-" + UUID.randomUUID();
    static final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    static ContractCheckedClient one;
    static ContractCheckedClient two;
    static final List<String> bases = new ArrayList<>();

    @BeforeAll
    static void twoHosts() {
        String db = "jdbc:h2:mem:api-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        bases.add(start(db, "redis://127.0.0.1:6379"));
        bases.add(start(db, "redis://127.0.0.1:6379"));
        one = new ContractCheckedClient(bases.get(0));
        two = new ContractCheckedClient(bases.get(1));
        // each host connects to Redis at start-up; a request Redis cannot answer in time is let through uncounted
        // (by design), so the count below starts once both hosts say Redis is there
        for (ContractCheckedClient host : List.of(one, two)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(
                    host.get("/actuator/health/readiness", null).json().path("components").path("redis")
                            .path("status").asString()));
        }
    }

    static String start(String db, String redis) {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(ApiApplication.class).properties(
                "BMO_API_PORT=0", "BMO_API_DB_URL=" + db, "BMO_API_REDIS_URL=" + redis, "BMO_API_REDIS_PREFIX=" + PREFIX,
                // nothing answers there: the requests below never reach media
                "BMO_API_MEDIA_URL=http://127.0.0.1:" + ServiceProcess.freePort(),
                // keys of 2,000 a minute or more are synchronised with Redis in batches (a 3,000 one here)
                "BMO_API_RATE_SYNC_FROM=2000",
                "BMO_API_KEYS=partner:" + LIMITED + ":10,web:" + FIRST_PARTY + ":1000,busy:" + BUSY + ":3000").run();
        apps.add(app);
        return "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void aKeysLimitHoldsAcrossHostsWith429AndItsHeaders() {
        for (int i = 0; i < 10; i++) {
            ContractCheckedClient.Reply r = (i % 2 == 0 ? one : two).get("/v1/photos/not-a-photo", LIMITED);
            assertThat(r.status()).as("request " + i + ": " + r.body()).isEqualTo(404);
            assertThat(r.header("X-RateLimit-Limit")).isEqualTo("10");
            assertThat(r.header("X-RateLimit-Remaining")).as("request " + i).isEqualTo(Integer.toString(9 - i));
            assertThat(Long.parseLong(r.header("X-RateLimit-Reset"))).isBetween(1L, 60L);
        }
        for (ContractCheckedClient host : List.of(one, two)) {
            ContractCheckedClient.Reply refused = host.get("/v1/photos/not-a-photo", LIMITED);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().path("error").asString()).isEqualTo("rate_limited");
            assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
            // ten a minute: the next token comes within six seconds
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 6L);
        }
        // another key's bucket is its own: the first-party app is not held up by a partner
        ContractCheckedClient.Reply app = two.get("/v1/photos/not-a-photo", FIRST_PARTY);
        assertThat(app.status()).isEqualTo(404);
        assertThat(app.header("X-RateLimit-Limit")).isEqualTo("1000");
        assertThat(app.header("X-RateLimit-Remaining")).isEqualTo("999");
        ContractCheckedClient.Reply rejected = one.get("/actuator/metrics/api.ratelimit.rejected", null);
        assertThat(rejected.json().path("measurements").get(0).path("value").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aBusyKeysHostsCountInBatchesAndStillShareOneBucket() throws Exception {
        // a plain client, fast, so that little is refilled meanwhile (the contract is checked by the other tests)
        HttpClient http = HttpClient.newHttpClient();
        long started = System.nanoTime();
        for (int i = 0; i < 400; i++) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(bases.get(i % 2) + "/v1/photos/not-a-photo"))
                    .header("X-Api-Key", BUSY).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(r.statusCode()).as("request " + i).isEqualTo(404);
        }
        Thread.sleep(300); // longer than BMO_API_RATE_SYNC_EVERY: both hosts have told Redis
        double seconds = (System.nanoTime() - started) / 1e9;
        ContractCheckedClient.Reply r = one.get("/v1/photos/not-a-photo", BUSY);
        long remaining = Long.parseLong(r.header("X-RateLimit-Remaining"));
        // 3,000 a minute refills 50 a second; each host may hold back 1% (30) unsynchronised. Had the hosts
        // counted apart, host one would see only its own 200 taken (2,800 + refill).
        long refill = (long) Math.ceil(50 * seconds);
        assertThat(remaining).as("after %.1f s", seconds).isLessThanOrEqualTo(Math.min(3000, 3000 - 401 + refill + 60))
                .isGreaterThanOrEqualTo(3000 - 401 - 60);
    }

    @Test
    void withoutRedisRequestsAreLetThroughAndReadinessSaysSo() {
        ContractCheckedClient alone = new ContractCheckedClient(start("jdbc:h2:mem:api-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "redis://127.0.0.1:" + ServiceProcess.freePort()));
        for (int i = 0; i < 12; i++) {
            ContractCheckedClient.Reply r = alone.get("/v1/photos/not-a-photo", LIMITED);
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            // no hang: Redis's 250 ms timeout, not a client's default minute (5 s leaves room for a loaded machine)
            assertThat(r.millis()).isLessThan(5_000);
        }
        ContractCheckedClient.Reply ready = alone.get("/actuator/health/readiness", null);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().path("components").path("redis").path("status").asString()).isEqualTo("DOWN");
        ContractCheckedClient.Reply unchecked = alone.get("/actuator/metrics/api.ratelimit.unavailable", null);
        assertThat(unchecked.json().path("measurements").get(0).path("value").asDouble()).isEqualTo(12.0);
    }
}
