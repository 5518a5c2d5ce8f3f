package dev.bmo.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One untagged timer of the requests users make ({@code bmo.requests}, Actuator's own traffic left out)
 * and a counter of those that failed on the server side ({@code bmo.requests.failed}, any 5xx).
 *
 * <p>Spring's {@code http.server.requests} splits by uri, method and status, so its percentile gauges
 * cannot be added up into one p95 per host; this timer can, and it is what dashboards, monitors and
 * {@code bmo metrics} read.
 */
class RequestMetricsFilter extends OncePerRequestFilter {

    static final String TIMER = "bmo.requests";
    static final String FAILED = "bmo.requests.failed";

    private final Timer timer;
    private final Counter failed;

    RequestMetricsFilter(MeterRegistry registry) {
        this.timer = Timer.builder(TIMER).description("requests served to users, whatever their outcome")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        this.failed = Counter.builder(FAILED).description("requests answered with a 5xx").register(registry);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return ManagementRequests.is(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        boolean thrown = true;
        try {
            chain.doFilter(request, response);
            thrown = false;
        } finally {
            timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (thrown || response.getStatus() >= 500) {
                failed.increment();
            }
        }
    }
}
