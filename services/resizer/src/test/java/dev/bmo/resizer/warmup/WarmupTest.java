package dev.bmo.resizer.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.imageurls.ImageUrlSigner;
import dev.bmo.resizer.TestImages;
import dev.bmo.storage.testing.S3ProxyExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A restarted resizer's warm-up, through real HTTP with the fleet's token: {@code hotkeys} lists what
 * was asked for most (not what failed, not the warm-up's own requests), {@code warmup} renders URIs
 * into the cache over loopback and refuses anything that is not this host's image path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "BMO_RESIZER_SECRET=warm-secret", "BMO_ACTUATOR_TOKEN=warm-token"})
@Tag("slow") // two resizers and real warm-up traffic: ./test --fast leaves it out
class WarmupTest {

    @RegisterExtension
    static S3ProxyExtension s3 = new S3ProxyExtension();

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        s3.environment().forEach((k, v) -> registry.add(k, () -> v));
    }

    static final ImageUrlSigner SIGNER = new ImageUrlSigner("warm-secret");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @BeforeAll
    static void upload() {
        s3.store().put("originals/warm1", TestImages.noiseJpeg(1200, 900), "image/jpeg", Map.of("photographer", "W"));
    }

    @Test
    void hotKeysAreReplayedIntoTheCacheAndNothingElseIsFetched() throws Exception {
        String w200 = SIGNER.signedPath("originals/warm1", Map.of("w", "200"));
        String w300 = SIGNER.signedPath("originals/warm1", Map.of("w", "300"));
        for (int i = 0; i < 3; i++) {
            assertThat(get(w200, null).statusCode()).isEqualTo(200);
        }
        assertThat(get(w300, null).statusCode()).isEqualTo(200);
        assertThat(get(w300.replace("sig=", "sig=x"), null).statusCode()).isEqualTo(403);

        assertThat(get("/actuator/hotkeys", null).statusCode()).isEqualTo(401);
        JsonNode hot = JSON.readTree(get("/actuator/hotkeys?limit=10", "warm-token").body());
        assertThat(hot.path("tracked").asLong()).isEqualTo(2);
        assertThat(hot.path("keys").get(0).path("uri").asString()).isEqualTo(w200);
        assertThat(hot.path("keys").get(0).path("count").asLong()).isEqualTo(3);
        assertThat(hot.path("keys").get(1).path("uri").asString()).isEqualTo(w300);

        String fresh = SIGNER.signedPath("originals/warm1", Map.of("w", "260"));
        String body = JSON.writeValueAsString(Map.of("uris", String.join("\n", fresh, w200,
                "http://169.254.169.254/latest/meta-data", "/v1/images/../actuator/env", "/actuator/env"), "rounds", 2));
        HttpResponse<String> warmed = HTTP.send(HttpRequest.newBuilder(uri("/actuator/warmup"))
                .header("Authorization", "Bearer warm-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(warmed.statusCode()).as(warmed.body()).isEqualTo(200);
        JsonNode w = JSON.readTree(warmed.body());
        assertThat(w.path("uris").asInt()).isEqualTo(2);
        assertThat(w.path("refused").asInt()).isEqualTo(3);
        assertThat(w.path("ok").asInt()).isEqualTo(4);
        assertThat(w.path("failed").asInt()).isZero();

        // rendered into the cache by the warm-up: the first real request is a hit
        assertThat(get(fresh, null).headers().firstValue("X-Resizer-Cache")).hasValue("hit");
        // the warm-up's own requests did not count: w200 still 3, and fresh only the one real request
        hot = JSON.readTree(get("/actuator/hotkeys", "warm-token").body());
        assertThat(hot.path("keys").get(0).path("count").asLong()).isEqualTo(3);
        assertThat(hot.path("tracked").asLong()).isEqualTo(3);

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(uri("/actuator/warmup"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        // the wrong JSON is the client's mistake, answered in the JSON error shape
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(uri("/actuator/warmup"))
                .header("Authorization", "Bearer warm-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uris\": [\"/v1/images/x\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
        assertThat(wrong.body()).contains("\"error\":\"bad_body\"");
        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(uri("/actuator/warmup"))
                .header("Authorization", "Bearer warm-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(400);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
