package dev.bmo.media.storage;

import dev.bmo.storage.ObjectStore;
import dev.bmo.storage.StorageException;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** {@code storage}: UP when the bucket answers a HEAD with our credentials. */
public class StorageHealthIndicator extends AbstractHealthIndicator {

    private final ObjectStore store;

    public StorageHealthIndicator(ObjectStore store) {
        super("S3 bucket check failed");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try {
            store.checkBucket();
            builder.up().withDetail("bucket", store.bucket());
        } catch (StorageException e) {
            builder.down().withDetail("bucket", store.bucket()).withDetail("error", e.getMessage());
        }
    }
}
