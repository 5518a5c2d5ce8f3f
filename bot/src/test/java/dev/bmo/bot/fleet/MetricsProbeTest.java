package dev.bmo.bot.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class MetricsProbeTest {

    @Test
    void theTotalAddsRatesTakesTheWorstLatencyAndPoolsRatios() {
        ServiceHost a = new ServiceHost("a", java.net.URI.create("http://127.0.0.1:1"));
        ServiceHost b = new ServiceHost("b", java.net.URI.create("http://127.0.0.1:2"));
        Figure hits = Figure.share("cache hit %", Figure.perMinute("hits", "cache.hits"), Figure.perMinute("misses", "cache.misses"));
        Figure queue = Figure.shared("queue", "queue.depth");
        List<MetricsProbe.HostFigures> hosts = List.of(
                new MetricsProbe.HostFigures(a, 10, 0, 5, 20, 40, Map.of("cache hit %", 90.0, "queue", 4.0), Map.of("cache hit %", new double[] {90, 100}), null),
                new MetricsProbe.HostFigures(b, 30, 10, 7, 60, 90, Map.of("cache hit %", 10.0, "queue", 5.0), Map.of("cache hit %", new double[] {1, 10}), null));

        String table = MetricsProbe.table(hosts, List.of(hits, queue));

        String total = table.lines().filter(l -> l.startsWith("TOTAL")).findFirst().orElseThrow();
        assertThat(total.split("\\s+")).containsExactly("TOTAL", "40.0", "7.0", "60.0", "90.0", "7.5", "82.7", "5.0");
    }

    @Test
    void ratesComeFromTheChangeOverTheWindow() throws Exception {
        try (ActuatorStandIn host = new ActuatorStandIn()) {
            host.answer("/actuator/metrics/bmo.requests", 200, "{\"measurements\":[{\"statistic\":\"COUNT\",\"value\":100}]}");
            MetricsProbe probe = new MetricsProbe(new ActuatorClient(Duration.ofSeconds(1), Optional.empty()),
                    Executors.newCachedThreadPool(), Duration.ofMillis(500)) {
                private int calls;

                @Override
                Map<String, Double> sample(ServiceHost h, List<Figure> own) {
                    Map<String, Double> raw = super.sample(h, own);
                    if (calls++ > 0) {
                        raw.put("bmo.requests||COUNT", 150.0); // 50 more requests in half a second
                    }
                    return raw;
                }
            };
            List<MetricsProbe.HostFigures> figures = probe.measure(List.of(host.host("h")), List.of());
            assertThat(figures.get(0).problem()).isNull();
            assertThat(figures.get(0).requestsPerSecond()).isEqualTo(100.0);
        }
    }
}
