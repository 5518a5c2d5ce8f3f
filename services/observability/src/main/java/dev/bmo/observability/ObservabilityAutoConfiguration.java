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
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsEndpointAutoConfiguration;

/**
 * Beans every BMO process gets: the start time in info, the user-request timer of web services, and
 * the token guard on Actuator when asked for.
 */
@AutoConfiguration(before = MetricsEndpointAutoConfiguration.class)
public class ObservabilityAutoConfiguration {

    @Bean
    StartTimeInfoContributor startTimeInfoContributor() {
        return new StartTimeInfoContributor();
    }

    /**
     * A cumulative registry beside whatever exports (Datadog): every meter is registered in it too. A
     * Datadog registry answers with the last step's count only, which resets every step, so Actuator
     * would show figures that come and go; the metrics endpoint reads this one instead.
     */
    @Bean
    SimpleMeterRegistry bmoCumulativeMeterRegistry(io.micrometer.core.instrument.Clock clock) {
        return new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    }

    /** Actuator's metrics endpoint on the cumulative registry, so {@code bmo metrics} reads totals since start. */
    @Bean
    @ConditionalOnClass(MetricsEndpoint.class)
    MetricsEndpoint metricsEndpoint(SimpleMeterRegistry bmoCumulativeMeterRegistry) {
        return new MetricsEndpoint(bmoCumulativeMeterRegistry);
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

        /** Crafted Actuator paths are a 400 before the token guard or Actuator see them (counted as 4xx). */
        @Bean
        FilterRegistrationBean<ActuatorPathFilter> actuatorPathFilter() {
            FilterRegistrationBean<ActuatorPathFilter> registration = new FilterRegistrationBean<>(new ActuatorPathFilter());
            registration.addUrlPatterns("/*");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            return registration;
        }
    }

    /** The access log, inside the request's trace (after Spring's observation filter) so it has the trace id. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(FilterRegistrationBean.class)
    @ConditionalOnExpression("'${BMO_ACCESS_LOG:on}' != 'off'")
    static class AccessLog {

        @Bean
        FilterRegistrationBean<AccessLogFilter> accessLogFilter(@Value("${spring.application.name:unknown}") String service) {
            FilterRegistrationBean<AccessLogFilter> registration = new FilterRegistrationBean<>(new AccessLogFilter(service));
            registration.addUrlPatterns("/*");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
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
