package dev.bmo.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Beans every BMO process gets: the start time in info, the user-request timer of web services, and
 * the token guard on Actuator when asked for.
 */
@AutoConfiguration
public class ObservabilityAutoConfiguration {

    @Bean
    StartTimeInfoContributor startTimeInfoContributor() {
        return new StartTimeInfoContributor();
    }

    /**
     * A cumulative registry beside whatever exports (Datadog), first in the composite so that Actuator's
     * metrics endpoint, and with it {@code bmo metrics}, reads totals since start. Without it a Datadog
     * registry answers with the last step's count only, which resets every step.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SimpleMeterRegistry bmoCumulativeMeterRegistry(io.micrometer.core.instrument.Clock clock) {
        return new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(FilterRegistrationBean.class)
    static class RequestMetrics {

        @Bean
        FilterRegistrationBean<RequestMetricsFilter> requestMetricsFilter(MeterRegistry registry) {
            FilterRegistrationBean<RequestMetricsFilter> registration = new FilterRegistrationBean<>(new RequestMetricsFilter(registry));
            // outermost, so the time includes everything the service does for the request
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(FilterRegistrationBean.class)
    @ConditionalOnExpression("'${BMO_ACTUATOR_TOKEN:}' != ''")
    static class TokenGuard {

        @Bean
        FilterRegistrationBean<ActuatorTokenFilter> actuatorTokenFilter(@Value("${BMO_ACTUATOR_TOKEN}") String token) {
            FilterRegistrationBean<ActuatorTokenFilter> registration = new FilterRegistrationBean<>(new ActuatorTokenFilter(token));
            registration.addUrlPatterns("/actuator/*");
            return registration;
        }
    }
}
