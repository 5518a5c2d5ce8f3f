package dev.bmo.media.outbox;

import dev.bmo.media.messaging.Topology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import dev.bmo.observability.TraceCarrier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.MessagePropertiesBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Moves conversion requests from the outbox table to RabbitMQ: persistent messages, published in batches
 * and kept until the broker confirms them; only then are the rows deleted. A failed batch stays for the
 * next run, with a growing pause (up to 30 s) while the broker is away. Runs every poll interval and right
 * after each upload. Delivery is at least once (a crash between confirm and delete republishes); the
 * converter is idempotent.
 */
@Component
public class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final OutboxRepository outbox;
    private final RabbitTemplate rabbit;
    private final TraceCarrier traces;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();
    private final ExecutorService nudges = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-nudge");
        t.setDaemon(true);
        return t;
    });
    private final Counter published;
    private final Counter failures;
    private volatile Instant pausedUntil = Instant.MIN;
    private volatile int consecutiveFailures;

    public OutboxRelay(OutboxRepository outbox, RabbitTemplate rabbit, MeterRegistry meters, TraceCarrier traces) {
        this.outbox = outbox;
        this.rabbit = rabbit;
        this.traces = traces;
        this.clock = Clock.systemUTC();
        this.published = Counter.builder("bmo.media.outbox.published")
                .description("conversion requests confirmed by RabbitMQ").register(meters);
        this.failures = Counter.builder("bmo.media.outbox.publish.failures")
                .description("outbox batches RabbitMQ did not take").register(meters);
        Gauge.builder("bmo.media.outbox.backlog", this, OutboxRelay::backlogOrNaN)
                .description("conversion requests waiting in the outbox").register(meters);
    }

    private double backlogOrNaN() {
        try {
            return outbox.backlog();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Asks for a run soon, off the caller's thread (after an upload commits). */
    public void nudge() {
        try {
            nudges.execute(() -> relay(true));
        } catch (RejectedExecutionException shuttingDown) {
            // the scheduled run or the next start picks the row up
        }
    }

    @Scheduled(fixedDelayString = "${bmo.media.outbox.poll-interval:1s}")
    public void poll() {
        relay(false);
    }

    /** Publishes what waits; returns how many messages the broker confirmed. */
    public int relay(boolean nudged) {
        if (!running.tryLock()) {
            return 0;
        }
        int confirmed = 0;
        try {
            if (!nudged && clock.instant().isBefore(pausedUntil)) {
                return 0;
            }
            while (true) {
                List<OutboxMessage> batch = outbox.oldest(BATCH);
                if (batch.isEmpty()) {
                    break;
                }
                List<Long> ids = batch.stream().map(OutboxMessage::id).toList();
                try {
                    publishConfirmed(batch);
                } catch (AmqpException e) {
                    failures.increment();
                    consecutiveFailures++;
                    long pauseMillis = Math.min(MAX_PAUSE.toMillis(), 250L << Math.min(consecutiveFailures, 10));
                    pausedUntil = clock.instant().plusMillis(pauseMillis);
                    outbox.recordFailure(ids, e.getMessage());
                    if (consecutiveFailures == 1 || consecutiveFailures % 20 == 0) {
                        log.warn("RabbitMQ did not take {} outbox message(s), retrying in {} ms: {}", batch.size(),
                                pauseMillis, e.getMessage());
                    }
                    break;
                }
                outbox.delete(ids);
                confirmed += batch.size();
                published.increment(batch.size());
                if (consecutiveFailures > 0) {
                    log.info("RabbitMQ is back; outbox publishing again");
                }
                consecutiveFailures = 0;
                pausedUntil = Instant.MIN;
            }
        } catch (RuntimeException e) {
            log.warn("outbox relay run failed: {}", e.getMessage());
        } finally {
            running.unlock();
        }
        return confirmed;
    }

    private void publishConfirmed(List<OutboxMessage> batch) {
        rabbit.invoke(ops -> {
            for (OutboxMessage m : batch) {
                // in the upload's trace: this line and the converter's carry the upload request's trace id
                try (TraceCarrier.Hop hop = traces.continueTrace(m.traceParent(), "outbox publish")) {
                    MessageProperties properties = MessagePropertiesBuilder.newInstance()
                            .setContentType("application/json")
                            .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                            .setMessageId(m.photoId())
                            .build();
                    hop.headers().forEach(properties::setHeader);
                    ops.send(Topology.EXCHANGE, m.routingKey(),
                            new Message(m.payload().getBytes(StandardCharsets.UTF_8), properties));
                    log.atInfo().addKeyValue("photo.id", m.photoId())
                            .log("publishing {} for photo {} (attempt {})", m.routingKey(), m.photoId(), m.attempts() + 1);
                }
            }
            ops.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
            return null;
        });
    }

    @Override
    public void destroy() {
        nudges.shutdownNow();
    }
}
