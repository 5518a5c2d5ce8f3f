package dev.bmo.bot.fleet;

import dev.bmo.bot.text.TextTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Reads the figures that matter for a service from every host's Actuator, twice, a window apart, so
 * that rates are current and not averages since start: requests per second, p50/p95/p99 latency and
 * the server error ratio (from {@code bmo.requests}, which every web service of the fleet records),
 * then the service's own figures.
 */
public class MetricsProbe {

    static final String REQUESTS = "bmo.requests";
    static final String FAILED = "bmo.requests.failed";

    /** One host's figures; {@code problem} is set when the host could not be read. */
    public record HostFigures(ServiceHost host, double requestsPerSecond, double errorPercent,
                              double p50Ms, double p95Ms, double p99Ms, Map<String, Double> own,
                              Map<String, double[]> ratioParts, String problem) {
    }

    private final ActuatorClient actuator;
    private final ExecutorService pool;
    private final Duration window;

    public MetricsProbe(ActuatorClient actuator, ExecutorService pool, Duration window) {
        this.actuator = actuator;
        this.pool = pool;
        this.window = window;
    }

    Duration window() {
        return window;
    }

    public List<HostFigures> measure(List<ServiceHost> hosts, List<Figure> own) {
        List<CompletableFuture<Map<String, Double>>> first = sampleAll(hosts, own);
        List<Map<String, Double>> before = first.stream().map(CompletableFuture::join).toList();
        sleep(window);
        List<Map<String, Double>> after = sampleAll(hosts, own).stream().map(CompletableFuture::join).toList();
        List<HostFigures> result = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            result.add(figures(hosts.get(i), before.get(i), after.get(i), own));
        }
        return result;
    }

    private List<CompletableFuture<Map<String, Double>>> sampleAll(List<ServiceHost> hosts, List<Figure> own) {
        return hosts.stream().map(h -> CompletableFuture.supplyAsync(() -> sample(h, own), pool)).toList();
    }

    /** Raw readings of one host, keyed by "meter|tags|statistic"; a key "!problem" when unreachable. */
    Map<String, Double> sample(ServiceHost host, List<Figure> own) {
        Map<String, Double> raw = new LinkedHashMap<>();
        try {
            read(host, REQUESTS, List.of(), "COUNT", raw);
            read(host, FAILED, List.of(), "COUNT", raw);
            for (String phi : new String[] {"0.5", "0.95", "0.99"}) {
                read(host, REQUESTS + ".percentile", List.of("phi:" + phi), "VALUE", raw);
            }
            for (Figure f : own) {
                read(host, f.meter(), f.tags(), f.statistic(), raw);
                if (f.other() != null) {
                    read(host, f.other().meter(), f.other().tags(), f.other().statistic(), raw);
                }
            }
        } catch (ActuatorClient.Unreachable e) {
            raw.clear();
            raw.put("!problem", Double.NaN);
            raw.put("!problem:" + e.getMessage(), Double.NaN);
        }
        return raw;
    }

    private void read(ServiceHost host, String meter, List<String> tags, String statistic, Map<String, Double> raw)
            throws ActuatorClient.Unreachable {
        String key = key(meter, tags, statistic);
        if (raw.containsKey(key)) {
            return;
        }
        // a meter that does not exist yet has counted nothing
        raw.put(key, ActuatorClient.statistic(actuator.metric(host, meter, tags.toArray(String[]::new)), statistic));
    }

    private HostFigures figures(ServiceHost host, Map<String, Double> before, Map<String, Double> after, List<Figure> own) {
        if (before.containsKey("!problem") || after.containsKey("!problem")) {
            String why = (after.containsKey("!problem") ? after : before).keySet().stream()
                    .filter(k -> k.startsWith("!problem:")).map(k -> k.substring(9)).findFirst().orElse("unreachable");
            return new HostFigures(host, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of(), Map.of(), why);
        }
        double seconds = window.toMillis() / 1000.0;
        double requests = delta(before, after, key(REQUESTS, List.of(), "COUNT"));
        double failed = delta(before, after, key(FAILED, List.of(), "COUNT"));
        Map<String, Double> ownValues = new LinkedHashMap<>();
        Map<String, double[]> ratioParts = new LinkedHashMap<>();
        for (Figure f : own) {
            String k = key(f.meter(), f.tags(), f.statistic());
            double value = switch (f.kind()) {
                case CURRENT, SHARED -> after.getOrDefault(k, 0.0);
                case PER_MINUTE -> delta(before, after, k) * 60.0 / seconds;
                case SHARE -> {
                    double part = delta(before, after, k);
                    double whole = part + delta(before, after, key(f.other().meter(), f.other().tags(), f.other().statistic()));
                    ratioParts.put(f.label(), new double[] {part, whole});
                    yield whole == 0 ? Double.NaN : 100.0 * part / whole;
                }
            };
            ownValues.put(f.label(), value);
        }
        return new HostFigures(host, requests / seconds, requests == 0 ? Double.NaN : 100.0 * failed / requests,
                ms(after, "0.5"), ms(after, "0.95"), ms(after, "0.99"), ownValues, ratioParts, null);
    }

    private static double ms(Map<String, Double> raw, String phi) {
        return 1000.0 * raw.getOrDefault(key(REQUESTS + ".percentile", List.of("phi:" + phi), "VALUE"), 0.0);
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        return Math.max(0, after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0));
    }

    private static String key(String meter, List<String> tags, String statistic) {
        return meter + "|" + String.join(",", tags) + "|" + statistic;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Per host and a total line: rates add up, latencies show the worst host, the error ratio is overall. */
    public static String table(List<HostFigures> hosts, List<Figure> own) {
        List<String> header = new ArrayList<>(List.of("host", "req/s", "p50 ms", "p95 ms", "p99 ms", "5xx %"));
        own.forEach(f -> header.add(f.label()));
        TextTable table = new TextTable(header.toArray(String[]::new));
        double rate = 0;
        double worst50 = Double.NaN;
        double worst95 = Double.NaN;
        double worst99 = Double.NaN;
        double weightedErrors = 0;
        Map<String, Double> ownTotal = new LinkedHashMap<>();
        Map<String, double[]> ratioTotal = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (HostFigures h : hosts) {
            List<Object> row = new ArrayList<>();
            row.add(h.host().host());
            if (h.problem() != null) {
                row.add("unreachable");
                for (int i = 1; i < header.size() - 1; i++) {
                    row.add("-");
                }
                problems.add(h.host().host() + ": " + h.problem());
                table.row(row.toArray());
                continue;
            }
            row.add(num(h.requestsPerSecond()));
            row.add(num(h.p50Ms()));
            row.add(num(h.p95Ms()));
            row.add(num(h.p99Ms()));
            row.add(num(h.errorPercent()));
            own.forEach(f -> row.add(num(h.own().get(f.label()))));
            table.row(row.toArray());
            rate += h.requestsPerSecond();
            worst50 = max(worst50, h.p50Ms());
            worst95 = max(worst95, h.p95Ms());
            worst99 = max(worst99, h.p99Ms());
            if (!Double.isNaN(h.errorPercent())) {
                weightedErrors += h.errorPercent() * h.requestsPerSecond();
            }
            for (Figure f : own) {
                double v = h.own().getOrDefault(f.label(), Double.NaN);
                switch (f.kind()) {
                    case SHARE -> ratioTotal.merge(f.label(), h.ratioParts().getOrDefault(f.label(), new double[2]).clone(),
                            (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
                    case SHARED -> ownTotal.merge(f.label(), v, MetricsProbe::max);
                    default -> ownTotal.merge(f.label(), v, Double::sum);
                }
            }
        }
        List<Object> total = new ArrayList<>(List.of("TOTAL", num(rate), num(worst50), num(worst95), num(worst99),
                num(rate == 0 ? Double.NaN : weightedErrors / rate)));
        ratioTotal.forEach((label, parts) -> ownTotal.put(label, parts[1] == 0 ? Double.NaN : 100.0 * parts[0] / parts[1]));
        own.forEach(f -> total.add(num(ownTotal.getOrDefault(f.label(), Double.NaN))));
        table.row(total.toArray());
        StringBuilder out = new StringBuilder(table.toString());
        out.append("\n(latencies: recent percentiles per host, TOTAL shows the worst host)");
        problems.forEach(p -> out.append('\n').append(p));
        return out.toString();
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    static String num(Double v) {
        if (v == null || v.isNaN()) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
