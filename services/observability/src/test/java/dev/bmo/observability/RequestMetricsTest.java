package dev.bmo.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(classes = ObservedTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestMetricsTest {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Test
    void usersRequestsAreTimedAndServerErrorsCountedButActuatorIsLeftOut() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"/status/200", "/status/404", "/status/503", "/actuator/health", "/actuator/info"}) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.discarding());
        }
        assertThat(registry.get("bmo.requests").timer().count()).isEqualTo(3);
        assertThat(registry.get("bmo.requests").timer().takeSnapshot().percentileValues()).hasSize(3);
        assertThat(registry.get("bmo.requests.failed").counter().count()).isEqualTo(1.0);
    }
}
