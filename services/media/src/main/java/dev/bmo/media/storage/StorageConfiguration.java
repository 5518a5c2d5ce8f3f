package dev.bmo.media.storage;

import dev.bmo.storage.ObjectStore;
import dev.bmo.storage.StorageSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The shared S3 code path, configured from the {@code BMO_S3_*} settings. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(Environment env) {
        return ObjectStore.open(StorageSettings.fromLookup(env::getProperty));
    }

    @Bean
    StorageHealthIndicator storageHealthIndicator(ObjectStore store) {
        return new StorageHealthIndicator(store);
    }
}
