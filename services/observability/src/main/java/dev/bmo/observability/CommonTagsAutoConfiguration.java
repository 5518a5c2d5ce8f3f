package dev.bmo.observability;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;

/** Puts the tags every dashboard filters on (service, env, version, host) on every meter of the process. */
@AutoConfiguration
public class CommonTagsAutoConfiguration {

    @Bean
    MeterRegistryCustomizer<MeterRegistry> bmoCommonTags(
            @Value("${spring.application.name:unknown}") String service,
            @Value("${BMO_ENV:local}") String env,
            @Value("${BMO_VERSION:${bmo.build.version:unknown}}") String version,
            @Value("${BMO_HOST:}") String host) {
        String hostTag = hostName(host);
        return registry -> registry.config().commonTags(
                "service", service, "env", env, "version", version, "host", hostTag);
    }

    /** The host every metric and log line names: {@code BMO_HOST} (the inventory's name), else this machine's. */
    static String hostName(String bmoHost) {
        if (!bmoHost.isBlank()) {
            return bmoHost;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
