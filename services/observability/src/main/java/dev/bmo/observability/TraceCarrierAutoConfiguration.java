package dev.bmo.observability;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/** The {@link TraceCarrier}, once Micrometer Tracing (Brave, W3C propagation) has made its tracer. */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration")
public class TraceCarrierAutoConfiguration {

    @Bean
    @ConditionalOnBean({Tracer.class, Propagator.class})
    TraceCarrier traceCarrier(Tracer tracer, Propagator propagator) {
        return new TraceCarrier(tracer, propagator);
    }
}
