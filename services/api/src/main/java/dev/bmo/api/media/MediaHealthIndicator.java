package dev.bmo.api.media;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code media}: UP when media's readiness answers UP, through the same client (and breaker) as the photos.
 * Part of readiness: an API host that cannot reach media serves only what it has cached.
 */
@Component("media")
public class MediaHealthIndicator extends AbstractHealthIndicator {

    private final MediaClient media;

    public MediaHealthIndicator(MediaClient media) {
        super("media check failed");
        this.media = media;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("breaker", media.state().name());
        try {
            MediaReply reply = media.get("/actuator/health/readiness");
            if (reply.ok()) {
                builder.up();
            } else {
                builder.down().withDetail("status", reply.status());
            }
        } catch (MediaUnavailableException e) {
            builder.down().withDetail("error", e.getMessage());
        }
    }
}
