package dev.bmo.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carries a trace across a hop that is not a live HTTP call or RabbitMQ delivery (those Micrometer Tracing
 * follows by itself): media's upload writes its request's W3C {@code traceparent} into the outbox row, and
 * the relay continues that trace when it publishes the row, minutes later if the broker was away. So one
 * photo's upload, relay, conversion and "converted" event share one {@code trace.id} in the logs.
 */
public class TraceCarrier {

    /** The W3C Trace Context header. */
    public static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceCarrier(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's {@code traceparent}, or null outside any trace. */
    public String current() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        propagator.inject(span.context(), headers, Map::put);
        return headers.get(TRACEPARENT);
    }

    /**
     * A new span, child of {@code traceparent} (a new trace when it is null or not a valid header), in scope on
     * this thread until the hop is closed: log lines meanwhile carry its trace id.
     */
    public Hop continueTrace(String traceparent, String name) {
        Span.Builder builder = traceparent == null || traceparent.isBlank()
                ? tracer.spanBuilder()
                : propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get);
        Span span = builder.name(name).start();
        return new Hop(span, tracer.withSpan(span));
    }

    /** A span in scope; {@link #headers()} are what the next hop needs to continue it. */
    public final class Hop implements AutoCloseable {

        private final Span span;
        private final Tracer.SpanInScope scope;

        private Hop(Span span, Tracer.SpanInScope scope) {
            this.span = span;
            this.scope = scope;
        }

        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            propagator.inject(span.context(), headers, Map::put);
            return headers;
        }

        public String traceId() {
            return span.context().traceId();
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
