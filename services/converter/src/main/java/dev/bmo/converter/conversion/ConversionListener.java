package dev.bmo.converter.conversion;

import com.rabbitmq.client.Channel;
import dev.bmo.converter.messaging.ConfirmedPublisher;
import dev.bmo.converter.messaging.Topology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes conversion requests with manual acknowledgement. A request is acknowledged only after its
 * outcome is safe: converted (objects written, event confirmed), sent to the next delay queue (confirmed),
 * or parked (confirmed). Malformed requests and corrupt originals are parked at once; other failures are
 * retried through the delay queues until the attempts run out, then parked with the reason.
 */
@Component
public class ConversionListener implements ChannelAwareMessageListener {

    public static final String ATTEMPT = "x-bmo-attempt";
    public static final String LAST_ERROR = "x-bmo-last-error";
    public static final String PARKED_REASON = "x-bmo-parked-reason";

    public record Parked(String reason, String detail, Instant at) {
    }

    private static final Logger log = LoggerFactory.getLogger(ConversionListener.class);

    private final ConversionService conversions;
    private final ConfirmedPublisher publisher;
    private final ConversionSettings settings;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Counter retries;
    private final AtomicReference<Parked> lastParked = new AtomicReference<>();

    public ConversionListener(ConversionService conversions, ConfirmedPublisher publisher, ConversionSettings settings,
                              JsonMapper json, MeterRegistry meters) {
        this.conversions = conversions;
        this.publisher = publisher;
        this.settings = settings;
        this.json = json;
        this.meters = meters;
        this.retries = Counter.builder("bmo.converter.retries").description("conversions sent back for another attempt")
                .register(meters);
    }

    public Parked lastParked() {
        return lastParked.get();
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        int attempt = attempt(message);
        Timer.Sample sample = Timer.start(meters);
        String outcome;
        ConversionRequest request = null;
        try {
            request = ConversionRequest.parse(json, message.getBody());
            outcome = conversions.convert(request).name().toLowerCase();
            log.atInfo().addKeyValue("photo.id", request.id())
                    .log("photo {}: {} (attempt {})", request.id(), outcome, attempt);
        } catch (IllegalArgumentException e) {
            outcome = park(message, "malformed", e.getMessage(), attempt, channel, tag);
        } catch (CorruptOriginalException e) {
            // media marks the photo failed (status failed, reason corrupt_image) before the request is parked
            try {
                conversions.announceFailure(request.id(), "corrupt_image", truncate(e.getMessage()));
                outcome = park(message, "corrupt", e.getMessage(), attempt, channel, tag);
            } catch (AmqpException notAnnounced) {
                outcome = requeue(channel, tag, notAnnounced);
            }
        } catch (RuntimeException e) {
            if (attempt < settings.maxAttempts()) {
                outcome = retry(message, e, attempt, channel, tag);
            } else {
                outcome = park(message, "exhausted", "failed " + attempt + " times, last: " + e.getMessage(), attempt,
                        channel, tag);
            }
        }
        sample.stop(Timer.builder("bmo.converter.conversions").description("conversion requests handled, by outcome")
                .tag("outcome", outcome).register(meters));
        if (!outcome.equals("requeued")) {
            channel.basicAck(tag, false);
        }
    }

    private String retry(Message message, RuntimeException error, int attempt, Channel channel, long tag)
            throws IOException {
        Duration delay = settings.retryDelays().get(attempt - 1);
        log.info("conversion attempt {} of {} failed, next in {}: {}", attempt, settings.maxAttempts(), delay,
                error.getMessage());
        Message next = MessageBuilder.withBody(message.getBody()).copyProperties(message.getMessageProperties())
                .setHeader(ATTEMPT, attempt + 1).setHeader(LAST_ERROR, truncate(error.getMessage()))
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT).build();
        try {
            publisher.publish("", Topology.retryQueue(delay), next);
        } catch (AmqpException e) {
            return requeue(channel, tag, e);
        }
        retries.increment();
        return "retried";
    }

    private String park(Message message, String reason, String detail, int attempt, Channel channel, long tag)
            throws IOException {
        log.warn("parking conversion request {} ({}): {}", message.getMessageProperties().getMessageId(), reason, detail);
        Message parked = MessageBuilder.withBody(message.getBody()).copyProperties(message.getMessageProperties())
                .setHeader(PARKED_REASON, reason + ": " + truncate(detail)).setHeader(ATTEMPT, attempt)
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT).build();
        try {
            publisher.publish("", Topology.PARKING_QUEUE, parked);
        } catch (AmqpException e) {
            return requeue(channel, tag, e);
        }
        Counter.builder("bmo.converter.parked").description("conversion requests given up on, by reason")
                .tag("reason", reason).register(meters).increment();
        lastParked.set(new Parked(reason, truncate(detail), Instant.now()));
        return "parked";
    }

    /** The outcome could not be made safe: give the message back to the broker (after a pause, against hot loops). */
    private String requeue(Channel channel, long tag, AmqpException e) throws IOException {
        log.warn("could not publish a retry/park message, giving the request back: {}", e.getMessage());
        try {
            Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        channel.basicNack(tag, false, true);
        return "requeued";
    }

    private static int attempt(Message message) {
        Object value = message.getMessageProperties().getHeaders().get(ATTEMPT);
        if (value instanceof Number n) {
            return Math.max(1, n.intValue());
        }
        return 1;
    }

    private static String truncate(String s) {
        if (s == null) {
            return "unknown";
        }
        return s.length() > 500 ? s.substring(0, 500) : s;
    }
}
