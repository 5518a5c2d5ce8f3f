package dev.bmo.converter.storage;

import dev.bmo.storage.ObjectStore;
import dev.bmo.storage.StorageException;
import dev.bmo.storage.StorageSettings;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The shared S3 code path from the {@code BMO_S3_*} settings, and its {@code storage} health. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(Environment env) {
        return ObjectStore.open(StorageSettings.fromLookup(env::getProperty));
    }

    @Bean("storage")
    HealthIndicator storageHealthIndicator(ObjectStore store) {
        return new AbstractHealthIndicator("S3 bucket check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                try {
                    store.checkBucket();
                    builder.up().withDetail("bucket", store.bucket());
                } catch (StorageException e) {
                    builder.down().withDetail("bucket", store.bucket()).withDetail("error", e.getMessage());
                }
            }
        };
    }
}
