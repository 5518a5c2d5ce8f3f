package dev.bmo.bot.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the catalog YAML (format documented in bot/README.md) and checks it strictly: an unknown
 * key, a missing field or a dangling reference fails with the file and the field named, so a typo
 * never silently turns into "anyone may deploy to production".
 */
public final class CatalogLoader {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final Pattern SERIAL = Pattern.compile("[1-9][0-9]{0,3}%?");
    private static final Set<String> SERVICE_KEYS = Set.of("repo", "module", "package", "port", "port_env",
            "health", "info", "jar", "default_env", "commands");
    private static final Set<String> ENV_KEYS = Set.of("inventory", "default_branch", "install", "deployers",
            "approvers", "approval", "require_default_branch", "serial", "max_fail_percentage", "apt_repo",
            "ssh_key", "known_hosts", "analysis");
    private static final Set<String> ANALYSIS_KEYS = Set.of("warmup", "window", "max_window", "interval",
            "min_requests", "pause_timeout", "errors", "latency");
    private static final Set<String> ERROR_KEYS = Set.of("p", "ratio", "gap_points", "min_errors", "critical_errors",
            "critical_rate_percent");
    private static final Set<String> LATENCY_KEYS = Set.of("p", "ratio", "gap_ms", "critical_ratio", "critical_p",
            "min_samples");
    private static final Pattern SPAN = Pattern.compile("([0-9]{1,5})(ms|s|m|h)");

    private CatalogLoader() {
    }

    public static Catalog load(Path file) {
        JsonNode root;
        try {
            root = YAMLMapper.builder().build().readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            throw new CatalogException("cannot read the catalog " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CatalogException(file + ": the catalog must be a mapping with services and environments");
        }
        Context c = new Context(file.toString());
        c.onlyKeys(root, "", Set.of("services", "environments", "groups"));
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> g : c.mapping(root, "groups", false).entrySet()) {
            groups.put(g.getKey(), new LinkedHashSet<>(c.strings(g.getValue(), "groups." + g.getKey())));
        }
        Map<String, EnvironmentSpec> envs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : c.mapping(root, "environments", true).entrySet()) {
            envs.put(e.getKey(), environment(c, e.getKey(), e.getValue()));
        }
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> s : c.mapping(root, "services", true).entrySet()) {
            ServiceSpec spec = service(c, s.getKey(), s.getValue());
            if (!envs.containsKey(spec.defaultEnv())) {
                throw c.error("services." + s.getKey() + ".default_env", "names the unknown environment '"
                        + spec.defaultEnv() + "'");
            }
            services.put(s.getKey(), spec);
        }
        // '@group' entries the catalog does not define are allowed: chat adapters bring their own groups
        return new Catalog(Map.copyOf(services), Map.copyOf(envs), Map.copyOf(groups));
    }

    private static ServiceSpec service(Context c, String name, JsonNode node) {
        String at = "services." + name;
        c.checkName(name, at);
        c.onlyKeys(node, at, SERVICE_KEYS);
        String pkg = c.text(node, at, "package", true, null);
        int port = c.integer(node, at, "port", true, 0);
        if (port < 1 || port > 65535) {
            throw c.error(at + ".port", "must be a TCP port (1-65535)");
        }
        String repo = c.text(node, at, "repo", false, "");
        List<String> build = ServiceSpec.OWN_BUILD;
        List<String> pack = List.of();
        JsonNode commands = node.get("commands");
        if (commands != null && !commands.isNull()) {
            c.onlyKeys(commands, at + ".commands", Set.of("build", "package"));
            build = c.strings(commands.get("build"), at + ".commands.build");
            pack = c.strings(commands.get("package"), at + ".commands.package");
            if (build.isEmpty()) {
                throw c.error(at + ".commands.build", "must list the build command and its arguments");
            }
        } else if (!repo.isEmpty()) {
            // BMO's packaging/build-artifacts knows BMO's modules only
            throw c.error(at + ".commands", "is missing: a service with a repository of its own says how it is"
                    + " built (commands.build, and commands.package if the build does not package)");
        }
        return new ServiceSpec(name, repo,
                c.text(node, at, "module", repo.isEmpty(), "."),
                pkg, port,
                c.text(node, at, "port_env", true, null),
                c.text(node, at, "health", false, "/actuator/health"),
                c.text(node, at, "info", false, "/actuator/info"),
                c.text(node, at, "jar", false, "usr/share/" + pkg + "/" + pkg + ".jar"),
                c.text(node, at, "default_env", true, null),
                build, pack);
    }

    private static EnvironmentSpec environment(Context c, String name, JsonNode node) {
        String at = "environments." + name;
        c.checkName(name, at);
        c.onlyKeys(node, at, ENV_KEYS);
        String install = c.text(node, at, "install", false, "apt");
        if (!install.equals("local") && !install.equals("apt")) {
            throw c.error(at + ".install", "must be 'local' or 'apt', not '" + install + "'");
        }
        List<String> deployers = c.strings(node.get("deployers"), at + ".deployers");
        if (deployers.isEmpty()) {
            throw c.error(at + ".deployers", "must list who may deploy ('*' for anyone)");
        }
        List<String> approvers = node.has("approvers") ? c.strings(node.get("approvers"), at + ".approvers") : deployers;
        String serial = c.text(node, at, "serial", false, "1");
        if (!SERIAL.matcher(serial).matches()) {
            throw c.error(at + ".serial", "must be a number of hosts or a percentage, like 1 or 30%");
        }
        int maxFail = c.integer(node, at, "max_fail_percentage", false, 0);
        if (maxFail < 0 || maxFail > 100) {
            throw c.error(at + ".max_fail_percentage", "must be between 0 and 100");
        }
        return new EnvironmentSpec(name,
                c.text(node, at, "inventory", true, null),
                c.text(node, at, "default_branch", false, "main"),
                install, deployers, approvers,
                c.bool(node, at, "approval", false),
                c.bool(node, at, "require_default_branch", false),
                serial, maxFail,
                c.text(node, at, "apt_repo", false, ""),
                c.text(node, at, "ssh_key", false, ""),
                c.text(node, at, "known_hosts", false, ""),
                analysis(c, at + ".analysis", node.get("analysis"), install));
    }

    /**
     * The environment's canary analysis: absent means the defaults, except on simulated hosts
     * ({@code install: local}), which carry no traffic unless a test or a benchmark sends it;
     * {@code off} (or {@code false}) turns it off.
     */
    private static AnalysisSpec analysis(Context c, String at, JsonNode node, String install) {
        if (node == null || node.isNull()) {
            return install.equals("local") ? AnalysisSpec.OFF : AnalysisSpec.DEFAULT;
        }
        if (node.isBoolean() || node.isString()) {
            if (node.isBoolean() ? !node.asBoolean() : node.asString().equals("off")) {
                return AnalysisSpec.OFF;
            }
            if (node.isBoolean() || node.asString().equals("on")) {
                return AnalysisSpec.DEFAULT;
            }
            throw c.error(at, "must be off, on, or a mapping of settings");
        }
        c.onlyKeys(node, at, ANALYSIS_KEYS);
        AnalysisSpec d = AnalysisSpec.DEFAULT;
        Duration window = c.span(node, at, "window", d.window());
        Duration maxWindow = c.span(node, at, "max_window", window.multipliedBy(3));
        Duration interval = c.span(node, at, "interval", d.interval());
        if (maxWindow.compareTo(window) < 0) {
            throw c.error(at + ".max_window", "must be at least the window (" + window + ")");
        }
        if (interval.isZero() || interval.compareTo(window) > 0) {
            throw c.error(at + ".interval", "must be more than 0 and at most the window");
        }
        JsonNode e = node.get("errors");
        AnalysisSpec.Errors errors = d.errors();
        if (e != null && !e.isNull()) {
            c.onlyKeys(e, at + ".errors", ERROR_KEYS);
            String ea = at + ".errors";
            errors = new AnalysisSpec.Errors(c.number(e, ea, "p", errors.p()), c.number(e, ea, "ratio", errors.ratio()),
                    c.number(e, ea, "gap_points", errors.gapPoints()),
                    c.integer(e, ea, "min_errors", false, (int) errors.minErrors()),
                    c.integer(e, ea, "critical_errors", false, (int) errors.criticalErrors()),
                    c.number(e, ea, "critical_rate_percent", errors.criticalRatePercent()));
        }
        JsonNode l = node.get("latency");
        AnalysisSpec.Latency latency = d.latency();
        if (l != null && !l.isNull()) {
            c.onlyKeys(l, at + ".latency", LATENCY_KEYS);
            String la = at + ".latency";
            latency = new AnalysisSpec.Latency(c.number(l, la, "p", latency.p()),
                    c.number(l, la, "ratio", latency.ratio()), c.number(l, la, "gap_ms", latency.gapMillis()),
                    c.number(l, la, "critical_ratio", latency.criticalRatio()),
                    c.number(l, la, "critical_p", latency.criticalP()),
                    c.integer(l, la, "min_samples", false, latency.minSamples()));
        }
        return new AnalysisSpec(true, c.span(node, at, "warmup", d.warmup()), window, maxWindow, interval,
                c.integer(node, at, "min_requests", false, (int) d.minRequests()),
                c.span(node, at, "pause_timeout", d.pauseTimeout()), errors, latency);
    }

    /** Carries the file name into every error message. */
    private record Context(String file) {

        CatalogException error(String field, String what) {
            return new CatalogException(file + ": " + field + " " + what);
        }

        void checkName(String name, String at) {
            if (!NAME.matcher(name).matches()) {
                throw error(at, "is not a valid name (lower case letters, digits and '-', starting with a letter)");
            }
        }

        void onlyKeys(JsonNode node, String at, Set<String> allowed) {
            if (!node.isObject()) {
                throw error(at.isEmpty() ? "(top)" : at, "must be a mapping");
            }
            for (String key : node.propertyNames()) {
                if (!allowed.contains(key)) {
                    throw error(at.isEmpty() ? key : at + "." + key, "is not a known key (known: "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        Map<String, JsonNode> mapping(JsonNode root, String key, boolean required) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                if (required) {
                    throw error(key, "is missing");
                }
                return Map.of();
            }
            if (!node.isObject()) {
                throw error(key, "must be a mapping");
            }
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.put(e.getKey(), e.getValue());
            }
            return out;
        }

        String text(JsonNode node, String at, String key, boolean required, String fallback) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                if (required) {
                    throw error(at + "." + key, "is missing");
                }
                return fallback;
            }
            if (!v.isValueNode() || v.asString().isBlank()) {
                throw error(at + "." + key, "must be a non-empty value");
            }
            return v.asString();
        }

        int integer(JsonNode node, String at, String key, boolean required, int fallback) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                if (required) {
                    throw error(at + "." + key, "is missing");
                }
                return fallback;
            }
            if (!v.isIntegralNumber()) {
                throw error(at + "." + key, "must be a whole number");
            }
            return v.asInt();
        }

        double number(JsonNode node, String at, String key, double fallback) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isNumber() || v.asDouble() < 0) {
                throw error(at + "." + key, "must be a number, 0 or more");
            }
            return v.asDouble();
        }

        /** A duration written as 500ms, 30s, 2m or 1h. */
        Duration span(JsonNode node, String at, String key, Duration fallback) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return fallback;
            }
            var m = SPAN.matcher(v.isValueNode() ? v.asString() : "");
            if (!m.matches()) {
                throw error(at + "." + key, "must be a duration like 500ms, 30s, 2m or 1h");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }

        boolean bool(JsonNode node, String at, String key, boolean fallback) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw error(at + "." + key, "must be true or false");
            }
            return v.asBoolean();
        }

        List<String> strings(JsonNode v, String at) {
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw error(at, "must be a list");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode item : v) {
                if (!item.isValueNode() || item.asString().isBlank()) {
                    throw error(at, "must hold non-empty names");
                }
                out.add(item.asString());
            }
            return List.copyOf(out);
        }
    }
}
