package dev.bmo.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reads the dashboards and monitors of this folder and every metric query they hold. */
final class MonitoringFiles {

    /** Where a query was found, for error messages people can act on. */
    record Reference(String file, String where, MetricQuery query, Map<String, String> templatePrefixes) {
    }

    static final Path ROOT = Path.of(System.getProperty("monitoring.dir", "."));
    private static final ObjectMapper JSON = new ObjectMapper();

    static Map<Path, JsonNode> dashboards() {
        return read(ROOT.resolve("dashboards"));
    }

    static Map<Path, JsonNode> monitors() {
        return read(ROOT.resolve("monitors"));
    }

    private static Map<Path, JsonNode> read(Path dir) {
        Map<Path, JsonNode> all = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                all.put(f, JSON.readTree(f.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    static Map<String, String> templatePrefixes(JsonNode dashboard) {
        Map<String, String> prefixes = new HashMap<>();
        JsonNode vars = dashboard.path("template_variables");
        vars.valueStream().forEach(v -> prefixes.put(v.path("name").asString(), v.path("prefix").asString()));
        return prefixes;
    }

    /** Every metric query of every dashboard widget (groups included) and every monitor. */
    static List<Reference> references() {
        List<Reference> refs = new ArrayList<>();
        dashboards().forEach((file, dashboard) -> {
            Map<String, String> prefixes = templatePrefixes(dashboard);
            widgets(dashboard.path("widgets")).forEach(w -> w.path("definition").path("requests").valueStream()
                    .forEach(r -> r.path("queries").valueStream().forEach(q -> refs.add(new Reference(
                            file.getFileName().toString(), w.path("definition").path("title").asString(),
                            MetricQuery.parse(q.path("query").asString()), prefixes)))));
        });
        monitors().forEach((file, monitor) -> MetricQuery.findAll(monitor.path("query").asString())
                .forEach(q -> refs.add(new Reference(file.getFileName().toString(), monitor.path("name").asString(), q, Map.of()))));
        return refs;
    }

    /** Widgets in order, with those inside group widgets flattened in. */
    static List<JsonNode> widgets(JsonNode widgets) {
        List<JsonNode> flat = new ArrayList<>();
        widgets.valueStream().forEach(w -> {
            flat.add(w);
            if ("group".equals(w.path("definition").path("type").asString())) {
                flat.addAll(widgets(w.path("definition").path("widgets")));
            }
        });
        return flat;
    }

    private MonitoringFiles() {
    }
}
