package dev.bmo.converter.conversion;

import dev.bmo.converter.messaging.QueueDepths;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code conversions}: whether the consumers run, the queue depths (parked requests included) and the last
 * request parked with its reason. Parked requests need a person, not a restart, so they do not make it DOWN.
 */
@Component("conversions")
public class ConversionsHealthIndicator extends AbstractHealthIndicator {

    private final SimpleMessageListenerContainer consumers;
    private final QueueDepths depths;
    private final ConversionListener listener;
    private final ConversionSettings settings;

    public ConversionsHealthIndicator(SimpleMessageListenerContainer consumers, QueueDepths depths,
                                      ConversionListener listener, ConversionSettings settings) {
        super("conversions check failed");
        this.consumers = consumers;
        this.depths = depths;
        this.listener = listener;
        this.settings = settings;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        (consumers.isRunning() ? builder.up() : builder.down())
                .withDetail("consumers", consumers.getActiveConsumerCount())
                .withDetail("concurrency", settings.concurrency())
                .withDetail("prefetch", settings.prefetch())
                .withDetail("maxAttempts", settings.maxAttempts())
                .withDetail("queues", new TreeMap<>(depths.snapshot()));
        ConversionListener.Parked parked = listener.lastParked();
        if (parked != null) {
            builder.withDetail("lastParked", Map.of("reason", parked.reason(), "detail", parked.detail(),
                    "at", parked.at().toString()));
        }
    }
}
