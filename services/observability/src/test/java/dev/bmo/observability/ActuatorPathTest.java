package dev.bmo.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Crafted Actuator paths, sent as written (the JDK's client does not normalise them): each is a 400
 * with the JSON error shape, never a 500 with a stack trace, and never a way past the token guard.
 */
@SpringBootTest(classes = ObservedTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"BMO_ACTUATOR_TOKEN=path-test-token", "management.endpoints.web.exposure.include=health,info,env"})
class ActuatorPathTest {

    @LocalServerPort
    int port;

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void craftedPathsAreRefusedWith400AndPlainOnesStillWork() throws Exception {
        StringBuilder seen = new StringBuilder();
        for (String path : new String[] {"/actuator/health/..;/info", "/actuator/health/..;/env",
                "/actuator/health/%2e%2e/env", "/actuator;/env", "/actuator/health/./x",
                "/actuator//env", "/actuator/health/.."}) {
            for (String token : new String[] {null, "path-test-token"}) {
                HttpResponse<String> r = get(path, token);
                seen.append(path).append(' ').append(r.statusCode()).append(' ')
                        .append(r.headers().firstValue("Content-Type").orElse("")).append(' ').append(r.body()).append('\n');
                assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(400);
            }
        }
        assertThat(seen.toString().lines()).as(seen.toString())
                .allSatisfy(l -> assertThat(l).contains("json").contains("\"error\":\"bad_path\""));
        // an encoded slash never reaches the application: Tomcat refuses it itself (400, its own HTML page)
        assertThat(get("/actuator/health/%2fenv", null).statusCode()).isEqualTo(400);
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/info", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/env", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/info", "path-test-token").statusCode()).isEqualTo(200);
        assertThat(get("/status/200", null).statusCode()).as("other paths are not this filter's").isEqualTo(200);
    }
}
