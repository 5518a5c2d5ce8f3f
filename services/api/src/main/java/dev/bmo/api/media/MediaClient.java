package dev.bmo.api.media;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * GETs from media over HTTP, each within the timeouts of {@link MediaSettings} and behind one circuit breaker:
 * once half of the last 20 calls (at least 5) failed or took longer than the timeout, calls fail at once for
 * 5 s, then two trial calls decide. 2xx and 4xx are answers; a refused connection, a timeout or a 5xx are
 * failures. The breaker's state is the gauge {@code api.media.breaker.state} (0 closed, 1 half open, 2 open).
 */
@Component
public class MediaClient {

    private final MediaSettings settings;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final MeterRegistry registry;

    public MediaClient(MediaSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        this.breaker = CircuitBreaker.of("media", CircuitBreakerConfig.custom()
                .slidingWindowSize(20).minimumNumberOfCalls(5).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(5)).permittedNumberOfCallsInHalfOpenState(2)
                .recordExceptions(IOException.class, MediaServerError.class).build());
        Gauge.builder("api.media.breaker.state", breaker, MediaClient::stateNumber)
                .description("media's circuit breaker: 0 closed, 1 half open, 2 open").register(registry);
    }

    /** A path with its query, e.g. {@code /v1/photos/abc}. */
    public MediaReply get(String pathAndQuery) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            MediaReply reply = breaker.executeCheckedSupplier(() -> send(pathAndQuery));
            outcome = "ok";
            return reply;
        } catch (CallNotPermittedException e) {
            outcome = "rejected";
            throw new MediaUnavailableException("media's circuit breaker is open", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaUnavailableException("interrupted", e);
        } catch (Throwable e) {
            throw new MediaUnavailableException("GET " + pathAndQuery + " failed: " + e, e);
        } finally {
            Timer.builder("api.media.requests").description("the API's requests to media")
                    .tag("outcome", outcome).publishPercentiles(0.5, 0.95, 0.99).register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    private MediaReply send(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.url().toString().replaceAll("/$", "") + pathAndQuery))
                .timeout(settings.timeout()).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 500) {
            throw new MediaServerError(response.statusCode());
        }
        return new MediaReply(response.statusCode(), response.body());
    }

    private static double stateNumber(CircuitBreaker b) {
        return switch (b.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> 0;
            case HALF_OPEN -> 1;
            case OPEN, FORCED_OPEN -> 2;
        };
    }

    /** Media answered, but with a 5xx: a failure to the breaker. */
    static final class MediaServerError extends IOException {
        MediaServerError(int status) {
            super("media answered " + status);
        }
    }
}
