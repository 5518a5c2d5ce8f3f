package dev.bmo.media.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code outbox}: the conversion requests not yet confirmed by RabbitMQ. DOWN when the oldest has waited
 * longer than {@code BMO_MEDIA_OUTBOX_MAX_AGE}: conversions are then stuck, not just late.
 */
@Component("outbox")
public class OutboxHealthIndicator extends AbstractHealthIndicator {

    private final OutboxRepository outbox;
    private final Duration maxAge;

    public OutboxHealthIndicator(OutboxRepository outbox, @Value("${bmo.media.outbox.max-age:10m}") Duration maxAge) {
        super("outbox check failed");
        this.outbox = outbox;
        this.maxAge = maxAge;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        long backlog = outbox.backlog();
        Optional<Duration> age = outbox.oldestAge(Instant.now());
        long ageSeconds = age.map(Duration::toSeconds).orElse(0L);
        (age.isPresent() && age.get().compareTo(maxAge) > 0 ? builder.down() : builder.up())
                .withDetail("backlog", backlog)
                .withDetail("oldestAgeSeconds", ageSeconds)
                .withDetail("maxAgeSeconds", maxAge.toSeconds());
    }
}
