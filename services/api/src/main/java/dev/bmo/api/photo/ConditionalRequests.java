package dev.bmo.api.photo;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * ETags of the photo API's answers: a hash of the body sent (which depends on the client's parameters), so a
 * client that sends it back in {@code If-None-Match} gets 304 with no body when nothing changed.
 */
@Configuration(proxyBeanMethods = false)
class ConditionalRequests {

    @Bean
    FilterRegistrationBean<ShallowEtagHeaderFilter> etags() {
        FilterRegistrationBean<ShallowEtagHeaderFilter> r = new FilterRegistrationBean<>(new ShallowEtagHeaderFilter());
        r.addUrlPatterns("/v1/*");
        return r;
    }
}
