package dev.bmo.converter.messaging;

import dev.bmo.converter.conversion.ConversionSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Messages waiting in the request, delay and parking queues, read every few seconds (a passive declare)
 * and published as {@code bmo.converter.queue.depth{queue=...}}; -1 while the broker cannot say.
 */
@Component
public class QueueDepths {

    private final AmqpAdmin admin;
    private final Map<String, Long> depths = new ConcurrentHashMap<>();
    private final Map<String, String> queues = new LinkedHashMap<>();

    public QueueDepths(AmqpAdmin admin, ConversionSettings settings, MeterRegistry meters) {
        this.admin = admin;
        queues.put("requests", Topology.CONVERSION_QUEUE);
        queues.put("parked", Topology.PARKING_QUEUE);
        for (Duration delay : settings.retryDelays()) {
            queues.put("retry-" + delay.toMillis() + "ms", Topology.retryQueue(delay));
        }
        queues.forEach((tag, queue) -> {
            depths.put(tag, -1L);
            Gauge.builder("bmo.converter.queue.depth", depths, d -> d.getOrDefault(tag, -1L))
                    .tag("queue", tag).description("messages waiting in a converter queue").register(meters);
        });
    }

    @Scheduled(fixedDelayString = "${bmo.converter.queue-depth-interval:5s}")
    public void refresh() {
        queues.forEach((tag, queue) -> {
            try {
                QueueInformation info = admin.getQueueInfo(queue);
                depths.put(tag, info == null ? -1L : info.getMessageCount());
            } catch (RuntimeException e) {
                depths.put(tag, -1L);
            }
        });
    }

    /** Last read depth by queue tag ("requests", "parked", "retry-5000ms", ...). */
    public Map<String, Long> snapshot() {
        return Map.copyOf(depths);
    }
}
