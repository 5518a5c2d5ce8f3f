package dev.bmo.observability;

import brave.baggage.BaggageFields;
import brave.baggage.CorrelationScopeConfig;
import brave.baggage.CorrelationScopeConfig.SingleCorrelationField;
import brave.baggage.CorrelationScopeCustomizer;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * What BMO adds to Micrometer Tracing (Brave, W3C propagation): the {@link TraceCarrier}, and the trace and
 * span ids in the log's MDC under ECS's names ({@code trace.id}, {@code span.id}) instead of Brave's
 * {@code traceId}/{@code spanId}, so no line needs renaming on its way out (a rename costs every member of
 * every line a path comparison).
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration")
public class TracingAutoConfiguration {

    static final String TRACE_ID = "trace.id";
    static final String SPAN_ID = "span.id";

    @Bean
    @ConditionalOnBean({Tracer.class, Propagator.class})
    TraceCarrier traceCarrier(Tracer tracer, Propagator propagator) {
        return new TraceCarrier(tracer, propagator);
    }

    @Bean
    @ConditionalOnClass(CorrelationScopeCustomizer.class)
    CorrelationScopeCustomizer ecsCorrelationNames() {
        return builder -> {
            List<CorrelationScopeConfig> others = builder.configs().stream()
                    .filter(c -> !(c instanceof SingleCorrelationField f)
                            || (f.baggageField() != BaggageFields.TRACE_ID && f.baggageField() != BaggageFields.SPAN_ID))
                    .toList();
            builder.clear();
            builder.add(SingleCorrelationField.newBuilder(BaggageFields.TRACE_ID).name(TRACE_ID).build());
            builder.add(SingleCorrelationField.newBuilder(BaggageFields.SPAN_ID).name(SPAN_ID).build());
            others.forEach(builder::add);
        };
    }
}
