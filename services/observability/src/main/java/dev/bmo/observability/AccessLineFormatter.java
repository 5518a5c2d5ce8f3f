package dev.bmo.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.structured.ElasticCommonSchemaProperties;
import org.springframework.core.env.Environment;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes the access log's lines (one per request, on the path of every cache hit) as the same ECS JSON that
 * Boot's formatter writes for them, with Jackson's streaming generator. Boot's generic writer made about 60 KB
 * of garbage per line (member paths, nested maps of the pairs): more than the cache hit the line describes, and
 * the young-GC pauses it caused were the hits' p99. Only lines of the access log's shape are taken: no throwable,
 * no markers, string, number and boolean pairs whose dotted names nest without clashing, every service field
 * set. Anything else is left to Boot's formatter ({@link #format} returns null). AccessLineFormatterTest holds
 * the two equal.
 */
final class AccessLineFormatter {

    /** Members Boot's ECS formatter writes itself, which a line's pairs must not reuse. */
    private static final Set<String> OWN_MEMBERS = Set.of("@timestamp", "log", "process", "service", "message",
            "error", "tags", "ecs");
    /** The ECS version Boot 4.0's formatter declares. */
    private static final String ECS_VERSION = "8.11";

    private final JsonFactory json = JsonFactory.builder().build();
    private final String logger;
    private final Long pid;
    private final ElasticCommonSchemaProperties.Service service;
    private final Map<String, Object> added;
    private final boolean usable;
    private final ThreadLocal<StringWriter> buffers = ThreadLocal.withInitial(() -> new StringWriter(2048));

    /** @param logger the one logger whose lines this writes */
    AccessLineFormatter(Environment environment, String logger) {
        this.logger = logger;
        this.pid = environment.getProperty("spring.application.pid", Long.class);
        this.service = ElasticCommonSchemaProperties.get(environment).service();
        Map<String, String> add = Binder.get(environment)
                .bind("logging.structured.json.add", Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        Map<String, Object> tree = new LinkedHashMap<>();
        boolean nested = true;
        for (Map.Entry<String, String> member : add.entrySet()) {
            nested &= nest(tree, member.getKey(), member.getValue(), Map.of());
        }
        this.added = tree;
        // Boot's other JSON settings (include, exclude, rename, context prefix, ...) change what it writes:
        // with any of them set, every line stays Boot's
        Set<String> jsonSettings = Binder.get(environment)
                .bind("logging.structured.json", Bindable.mapOf(String.class, Object.class)).orElse(Map.of()).keySet();
        this.usable = nested && Set.of("add").containsAll(jsonSettings) && pid != null
                && hasLength(service.name()) && hasLength(service.version())
                && hasLength(service.environment()) && hasLength(service.nodeName());
    }

    /** The line with its newline, or null when Boot's formatter must write it. */
    String format(ILoggingEvent event) {
        if (!usable || !logger.equals(event.getLoggerName()) || event.getThrowableProxy() != null
                || (event.getMarkerList() != null && !event.getMarkerList().isEmpty())
                || event.getFormattedMessage() == null) {
            return null;
        }
        Map<String, Object> pairs = new LinkedHashMap<>();
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                if (!nest(pairs, entry.getKey(), entry.getValue(), added)) {
                    return null;
                }
            }
        }
        List<KeyValuePair> keyValues = event.getKeyValuePairs();
        if (keyValues != null) {
            for (KeyValuePair pair : keyValues) {
                if (!nest(pairs, pair.key, pair.value, added)) {
                    return null;
                }
            }
        }
        StringWriter out = buffers.get();
        out.getBuffer().setLength(0);
        try (JsonGenerator g = json.createGenerator(ObjectWriteContext.empty(), out)) {
            g.writeStartObject();
            g.writeStringProperty("@timestamp", event.getInstant().toString());
            g.writeObjectPropertyStart("log");
            g.writeStringProperty("level", event.getLevel().toString());
            g.writeStringProperty("logger", event.getLoggerName());
            g.writeEndObject();
            g.writeObjectPropertyStart("process");
            g.writeNumberProperty("pid", pid);
            g.writeObjectPropertyStart("thread");
            g.writeStringProperty("name", event.getThreadName());
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectPropertyStart("service");
            g.writeStringProperty("name", service.name());
            g.writeStringProperty("version", service.version());
            g.writeStringProperty("environment", service.environment());
            g.writeObjectPropertyStart("node");
            g.writeStringProperty("name", service.nodeName());
            g.writeEndObject();
            g.writeEndObject();
            g.writeStringProperty("message", event.getFormattedMessage());
            writeMembers(g, pairs);
            g.writeObjectPropertyStart("ecs");
            g.writeStringProperty("version", ECS_VERSION);
            g.writeEndObject();
            writeMembers(g, added);
            g.writeEndObject();
        }
        return out.append('\n').toString();
    }

    /**
     * Puts {@code a.b.c = value} into the tree as {@code a: {b: {c: value}}}; false where that clashes, with the
     * tree or, at the top, with Boot's own members or {@code reserved}'s.
     */
    private static boolean nest(Map<String, Object> tree, String name, Object value, Map<String, Object> reserved) {
        if (name == null || name.isEmpty() || !(value instanceof String || value instanceof Integer
                || value instanceof Long || value instanceof Boolean)) {
            return false;
        }
        Map<String, Object> at = tree;
        int start = 0;
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', start)) {
            String part = name.substring(start, dot);
            if (part.isEmpty() || (at == tree && (OWN_MEMBERS.contains(part) || reserved.containsKey(part)))) {
                return false;
            }
            Object next = at.computeIfAbsent(part, k -> new LinkedHashMap<String, Object>());
            if (!(next instanceof Map)) {
                return false;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> child = (Map<String, Object>) next;
            at = child;
            start = dot + 1;
        }
        String leaf = name.substring(start);
        if (leaf.isEmpty() || at.containsKey(leaf)
                || (at == tree && (OWN_MEMBERS.contains(leaf) || reserved.containsKey(leaf)))) {
            return false;
        }
        at.put(leaf, value);
        return true;
    }

    private static void writeMembers(JsonGenerator g, Map<String, Object> members) {
        for (Map.Entry<String, Object> member : members.entrySet()) {
            g.writeName(member.getKey());
            Object value = member.getValue();
            if (value instanceof Map<?, ?> map) {
                g.writeStartObject();
                @SuppressWarnings("unchecked")
                Map<String, Object> children = (Map<String, Object>) map;
                writeMembers(g, children);
                g.writeEndObject();
            } else if (value instanceof String s) {
                g.writeString(s);
            } else if (value instanceof Boolean b) {
                g.writeBoolean(b);
            } else {
                g.writeNumber(((Number) value).longValue());
            }
        }
    }

    private static boolean hasLength(String s) {
        return s != null && !s.isEmpty();
    }
}
