package dev.bmo.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Datadog metric query, such as {@code sum:http.server.requests.count{$env,outcome:server_error} by {service}.as_rate()},
 * read the way Datadog's query language defines it: space aggregator, metric, scope, optional grouping, functions.
 */
record MetricQuery(String aggregator, String metric, List<String> scope, List<String> groupBy, String functions) {

    static final Pattern ONE = Pattern.compile(
            "(avg|sum|min|max):([a-zA-Z][a-zA-Z0-9_.]*)\\{([^{}]*)\\}(?: by \\{([^{}]*)\\})?"
                    + "((?:\\.(?:as_count|as_rate)\\(\\)|\\.rollup\\((?:avg|sum|min|max|count)(?:, ?\\d+)?\\)|\\.fill\\((?:null|zero|last|linear)(?:, ?\\d+)?\\))*)");

    /** A whole widget query: exactly one metric query. */
    static MetricQuery parse(String text) {
        Matcher m = ONE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Datadog metric query: '" + text + "'");
        }
        return of(m);
    }

    /** Every metric query inside an expression (monitor queries combine several with arithmetic). */
    static List<MetricQuery> findAll(String expression) {
        List<MetricQuery> found = new ArrayList<>();
        Matcher m = ONE.matcher(expression);
        while (m.find()) {
            found.add(of(m));
        }
        return found;
    }

    private static MetricQuery of(Matcher m) {
        return new MetricQuery(m.group(1), m.group(2), split(m.group(3)), split(m.group(4)), m.group(5));
    }

    private static List<String> split(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return List.of(list.split("\\s*,\\s*"));
    }

    /** Tag keys this query filters or groups on; template variables count as their declared prefix. */
    Set<String> tagKeys(java.util.Map<String, String> templatePrefixes) {
        Set<String> keys = new LinkedHashSet<>();
        for (String item : scope) {
            String s = item.startsWith("!") ? item.substring(1) : item;
            if (s.equals("*")) {
                continue;
            }
            if (s.startsWith("$")) {
                String prefix = templatePrefixes.get(s.substring(1));
                if (prefix == null) {
                    throw new IllegalArgumentException("template variable " + s + " is not declared");
                }
                keys.add(prefix);
            } else {
                int colon = s.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("scope item '" + item + "' is not tag:value");
                }
                keys.add(s.substring(0, colon));
            }
        }
        keys.addAll(groupBy);
        return keys;
    }

    /** Scope values by tag, for checks like "the p95 monitor asks for phi:0.95". */
    String scopeValue(String tag) {
        return scope.stream().filter(s -> s.startsWith(tag + ":")).map(s -> s.substring(tag.length() + 1)).findFirst().orElse(null);
    }
}
