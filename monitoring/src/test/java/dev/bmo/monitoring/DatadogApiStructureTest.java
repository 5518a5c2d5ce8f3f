package dev.bmo.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dashboards and monitors follow the structure of Datadog's public API (v1 dashboards and monitors):
 * required fields, known widget types, query syntax, formulas that name real queries, monitor thresholds
 * that match their query. Datadog would refuse what fails here.
 */
class DatadogApiStructureTest {

    static final Set<String> WIDGET_TYPES = Set.of("timeseries", "query_value", "toplist", "note", "group",
            "heatmap", "distribution", "check_status", "hostmap", "query_table", "free_text", "alert_graph", "alert_value");
    static final Set<String> MONITOR_TYPES = Set.of("metric alert", "query alert");
    static final Pattern MONITOR_QUERY = Pattern.compile(
            "(avg|sum|min|max|change|pct_change)\\((last_\\d+[mhd])\\):(.+) (>=|<=|>|<) (-?\\d+(?:\\.\\d+)?)");

    @Test
    void thereIsADashboardPerServiceAndOneForTheFleet() {
        Set<String> names = new HashSet<>();
        MonitoringFiles.dashboards().keySet().forEach(p -> names.add(p.getFileName().toString()));
        assertThat(names).contains("fleet.json", "resizer.json", "media.json", "converter.json", "bmo.json");
    }

    @Test
    void dashboardsHaveTheFieldsDatadogRequires() {
        SoftAssertions soft = new SoftAssertions();
        MonitoringFiles.dashboards().forEach((file, d) -> checkDashboard(soft, file, d));
        soft.assertAll();
    }

    @Test
    void monitorsHaveTheFieldsDatadogRequiresAndThresholdsMatchTheirQuery() {
        SoftAssertions soft = new SoftAssertions();
        Map<Path, JsonNode> monitors = MonitoringFiles.monitors();
        soft.assertThat(monitors).as("monitors").isNotEmpty();
        monitors.forEach((file, m) -> {
            String at = file.getFileName() + ": ";
            soft.assertThat(m.path("name").asString()).as(at + "name").isNotBlank();
            soft.assertThat(MONITOR_TYPES).as(at + "type").contains(m.path("type").asString());
            soft.assertThat(m.path("message").asString()).as(at + "message").isNotBlank();
            Matcher q = MONITOR_QUERY.matcher(m.path("query").asString());
            if (!q.matches()) {
                soft.fail(at + "query is not '<agg>(last_<n><m|h|d>):<metric query> <comparator> <threshold>': " + m.path("query").asString());
                return;
            }
            soft.assertThat(MetricQuery.findAll(q.group(3))).as(at + "metric queries inside").isNotEmpty();
            double threshold = Double.parseDouble(q.group(5));
            soft.assertThat(m.path("options").path("thresholds").path("critical").asDouble())
                    .as(at + "options.thresholds.critical must equal the query's threshold").isEqualTo(threshold);
            JsonNode warning = m.path("options").path("thresholds").path("warning");
            if (!warning.isMissingNode()) {
                boolean above = q.group(4).startsWith(">");
                soft.assertThat(above ? warning.asDouble() < threshold : warning.asDouble() > threshold)
                        .as(at + "the warning threshold must be reached before the critical one").isTrue();
            }
        });
        soft.assertAll();
    }

    @Test
    void theRequiredMonitorsExist() {
        List<String> queries = MonitoringFiles.monitors().values().stream().map(m -> m.path("query").asString()).toList();
        assertThat(queries).as("resizer p95 over 180 ms")
                .anyMatch(q -> q.contains("service:bmo-resizer") && q.contains("phi:0.95") && q.endsWith("> 180"));
        assertThat(queries).as("error rate").anyMatch(q -> q.contains("bmo.requests.failed"));
        assertThat(queries).as("host down").anyMatch(q -> q.contains("process.uptime"));
        assertThat(queries).as("converter backlog").anyMatch(q -> q.contains("bmo.converter.queue.depth") && q.contains("queue:requests"));
        assertThat(queries).as("parked messages").anyMatch(q -> q.contains("bmo.converter.queue.depth") && q.contains("queue:parked"));
        assertThat(queries).as("outbox backlog").anyMatch(q -> q.contains("bmo.media.outbox.backlog"));
    }

    @Test
    void theQueryReaderRejectsWhatDatadogWouldReject() {
        assertThatThrownBy(() -> MetricQuery.parse("http.server.requests.count{*}")).hasMessageContaining("not a Datadog metric query");
        assertThatThrownBy(() -> MetricQuery.parse("sum:http.server.requests.count{*} by service")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricQuery.parse("sum:http.server.requests.count{*}.as_percent()")).isInstanceOf(IllegalArgumentException.class);
        assertThat(MetricQuery.parse("sum:http.server.requests.count{$env,outcome:server_error} by {service}.as_rate()").tagKeys(Map.of("env", "env")))
                .containsExactly("env", "outcome", "service");
        assertThatThrownBy(() -> MetricQuery.parse("sum:a.b{$nope}").tagKeys(Map.of())).hasMessageContaining("$nope");
    }

    private static void checkDashboard(SoftAssertions soft, Path file, JsonNode d) {
        String at = file.getFileName() + ": ";
        soft.assertThat(d.path("title").asString()).as(at + "title").isNotBlank();
        soft.assertThat(d.path("layout_type").asString()).as(at + "layout_type").isIn("ordered", "free");
        soft.assertThat(d.path("widgets").isArray() && !d.path("widgets").isEmpty()).as(at + "widgets").isTrue();
        d.path("template_variables").valueStream().forEach(v -> {
            soft.assertThat(v.path("name").asString()).as(at + "template variable name").isNotBlank();
            soft.assertThat(v.path("prefix").asString()).as(at + "template variable prefix").isNotBlank();
        });
        Map<String, String> prefixes = MonitoringFiles.templatePrefixes(d);
        for (JsonNode w : MonitoringFiles.widgets(d.path("widgets"))) {
            JsonNode def = w.path("definition");
            String type = def.path("type").asString();
            String where = at + "widget '" + def.path("title").asString(type) + "': ";
            soft.assertThat(WIDGET_TYPES).as(where + "type").contains(type);
            switch (type) {
                case "note" -> soft.assertThat(def.path("content").asString()).as(where + "content").isNotBlank();
                case "group" -> {
                    soft.assertThat(def.path("layout_type").asString()).as(where + "layout_type").isEqualTo("ordered");
                    soft.assertThat(def.path("widgets").isArray()).as(where + "widgets").isTrue();
                }
                case "timeseries", "query_value", "toplist" -> checkRequests(soft, where, type, def.path("requests"), prefixes);
                default -> { }
            }
        }
    }

    private static void checkRequests(SoftAssertions soft, String where, String type, JsonNode requests, Map<String, String> prefixes) {
        soft.assertThat(requests.isArray() && !requests.isEmpty()).as(where + "requests").isTrue();
        for (JsonNode r : requests) {
            Set<String> names = new HashSet<>();
            soft.assertThat(r.path("queries").isArray() && !r.path("queries").isEmpty()).as(where + "queries").isTrue();
            for (JsonNode q : r.path("queries")) {
                soft.assertThat(q.path("data_source").asString()).as(where + "data_source").isEqualTo("metrics");
                String name = q.path("name").asString();
                soft.assertThat(name).as(where + "query name").matches("[a-z][a-z0-9_]*");
                names.add(name);
                try {
                    MetricQuery.parse(q.path("query").asString()).tagKeys(prefixes);
                } catch (IllegalArgumentException e) {
                    soft.fail(where + e.getMessage());
                }
                if (!type.equals("timeseries")) {
                    soft.assertThat(q.path("aggregator").asString()).as(where + "aggregator (needed for a single value)")
                            .isIn("avg", "last", "sum", "min", "max", "percentile");
                }
            }
            soft.assertThat(r.path("formulas").isArray() && !r.path("formulas").isEmpty()).as(where + "formulas").isTrue();
            for (JsonNode f : r.path("formulas")) {
                Matcher identifiers = Pattern.compile("[a-z][a-z0-9_]*").matcher(f.path("formula").asString());
                while (identifiers.find()) {
                    String id = identifiers.group();
                    if (!Set.of("abs", "log2", "log10", "cumsum", "integral", "per_second", "per_minute", "per_hour").contains(id)) {
                        soft.assertThat(names).as(where + "formula '" + f.path("formula").asString() + "' names a query").contains(id);
                    }
                }
            }
            soft.assertThat(r.path("response_format").asString()).as(where + "response_format")
                    .isEqualTo(type.equals("timeseries") ? "timeseries" : "scalar");
        }
    }
}
