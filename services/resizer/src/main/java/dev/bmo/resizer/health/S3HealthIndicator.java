package dev.bmo.resizer.health;

import dev.bmo.resizer.source.SourceStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** The bucket answers with our credentials (readiness: without S3 nothing can be served). */
@Component("s3")
public class S3HealthIndicator extends AbstractHealthIndicator {

    private final SourceStore sources;

    public S3HealthIndicator(SourceStore sources) {
        this.sources = sources;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        sources.checkReachable();
        builder.up();
    }
}
