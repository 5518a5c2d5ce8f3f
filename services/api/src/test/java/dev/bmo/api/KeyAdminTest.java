package dev.bmo.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.api.keys.KeyHash;
import dev.bmo.testing.ServiceProcess;
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
 * The keys' administration on Actuator: issued keys work at once and are shown once, a changed limit reaches the
 * bucket already in Redis, a rotated or revoked key stops working at once, and none of it exists on a host
 * whose Actuator no token guards. Real Redis, the embedded database; no media (the gate answers first).
 */
@Tag("slow") // whole applications with their servers and Redis
class KeyAdminTest {

    static final String TOKEN = "key-admin-test-token-" + UUID.randomUUID();
    static final String PREFIX = "bmo-api-test:" + UUID.randomUUID() + ":";
    static final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    static ContractCheckedClient guarded;
    static ContractCheckedClient unguarded;

    @BeforeAll
    static void hosts() {
        guarded = new ContractCheckedClient(start("BMO_ACTUATOR_TOKEN=" + TOKEN));
        unguarded = new ContractCheckedClient(start("BMO_ACTUATOR_TOKEN="));
    }

    static String start(String token) {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(ApiApplication.class).properties(
                "BMO_API_PORT=0", "BMO_API_DB_URL=jdbc:h2:mem:api-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "BMO_API_REDIS_PREFIX=" + PREFIX, "BMO_API_MEDIA_URL=http://127.0.0.1:" + ServiceProcess.freePort(),
                token).run();
        apps.add(app);
        return "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void issueChangeRotateAndRevokeAKey() {
        ContractCheckedClient.Reply issued = admin("POST", "/actuator/apikeys", "{\"name\":\"acme\",\"limit\":10}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        String key = issued.json().path("key").asString();
        assertThat(key).startsWith("bmo_").hasSize(4 + 43);
        assertThat(issued.json().path("limitPerMinute").asInt()).isEqualTo(10);

        ContractCheckedClient.Reply first = guarded.get("/v1/photos/not-a-photo", key);
        assertThat(first.status()).as(first.body()).isEqualTo(404);
        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("10");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("9");

        // the list names the key and its limit, never the key or its hash
        ContractCheckedClient.Reply listed = admin("GET", "/actuator/apikeys", null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("keys").valueStream().filter(k -> k.path("name").asString().equals("acme")).toList())
                .singleElement().satisfies(k -> {
                    assertThat(k.path("limitPerMinute").asInt()).isEqualTo(10);
                    assertThat(k.path("revoked").isNull()).isTrue();
                });
        assertThat(listed.body()).doesNotContain(key).doesNotContain(KeyHash.of(key));

        // a raised limit, key kept: the bucket in Redis takes it at the next request, keeping its share of tokens
        ContractCheckedClient.Reply raised = admin("POST", "/actuator/apikeys", "{\"name\":\"acme\",\"limit\":20,\"keep\":true}");
        assertThat(raised.status()).as(raised.body()).isEqualTo(200);
        assertThat(raised.json().has("key")).isFalse();
        ContractCheckedClient.Reply after = guarded.get("/v1/photos/not-a-photo", key);
        assertThat(after.header("X-RateLimit-Limit")).isEqualTo("20");
        assertThat(Integer.parseInt(after.header("X-RateLimit-Remaining"))).as("9 of 10 became 18 of 20, one taken")
                .isBetween(10, 18);

        // rotated: the old key stops at once, the new one works on the same bucket
        String rotated = admin("POST", "/actuator/apikeys", "{\"name\":\"acme\",\"limit\":20}").json().path("key").asString();
        assertThat(rotated).isNotEqualTo(key);
        assertThat(guarded.get("/v1/photos/not-a-photo", key).json().path("error").asString()).isEqualTo("invalid_api_key");
        ContractCheckedClient.Reply withNew = guarded.get("/v1/photos/not-a-photo", rotated);
        assertThat(withNew.status()).isEqualTo(404);
        assertThat(Integer.parseInt(withNew.header("X-RateLimit-Remaining"))).isLessThan(18);

        // revoked: refused at once; revoking again finds no live key
        assertThat(admin("DELETE", "/actuator/apikeys/acme", null).status()).isEqualTo(200);
        ContractCheckedClient.Reply refused = guarded.get("/v1/photos/not-a-photo", rotated);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().path("error").asString()).isEqualTo("invalid_api_key");
        assertThat(admin("DELETE", "/actuator/apikeys/acme", null).status()).isEqualTo(404);
        assertThat(admin("POST", "/actuator/apikeys", "{\"name\":\"acme\",\"limit\":30,\"keep\":true}").status()).isEqualTo(404);
        assertThat(admin("GET", "/actuator/apikeys", null).json().path("keys").get(0).path("revoked").isNull()).isFalse();
    }

    @Test
    void badNamesAndLimitsAreRefusedWithoutAKey() {
        for (String body : List.of("{\"name\":\"Acme Corp!\"}", "{\"name\":\"partner\",\"limit\":0}",
                "{\"name\":\"partner\",\"limit\":2000000}", "{\"limit\":10}")) {
            ContractCheckedClient.Reply r = admin("POST", "/actuator/apikeys", body);
            assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
            assertThat(r.body()).doesNotContain("bmo_");
        }
    }

    @Test
    void onlyTheFleetsTokenOpensItAndAnUnguardedHostHasNone() {
        assertThat(guarded.call("GET", "/actuator/apikeys", null).status()).isEqualTo(401);
        assertThat(guarded.call("POST", "/actuator/apikeys", "{\"name\":\"mallory\"}", "Authorization", "Bearer nope").status())
                .isEqualTo(401);
        assertThat(unguarded.call("POST", "/actuator/apikeys", "{\"name\":\"mallory\"}").status()).isEqualTo(404);
        assertThat(unguarded.call("GET", "/actuator/apikeys", null).status()).isEqualTo(404);
    }

    private static ContractCheckedClient.Reply admin(String method, String path, String body) {
        return guarded.call(method, path, body, "Authorization", "Bearer " + TOKEN);
    }
}
