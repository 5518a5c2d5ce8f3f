package dev.bmo.converter.messaging;

import dev.bmo.converter.conversion.ConversionSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * RabbitMQ names shared with media (exchange, request queue, routing keys; declared identically by both),
 * plus the converter's own: one delay queue per retry step, whose messages expire after the step's delay
 * and dead-letter back into the request queue, and the parking queue for messages given up on.
 */
@Configuration(proxyBeanMethods = false)
public class Topology {

    public static final String EXCHANGE = "bmo.photos";
    public static final String UPLOADED = "photo.uploaded";
    public static final String CONVERTED = "photo.converted";
    /** A photo that will never convert (its original is corrupt): media marks it failed with the reason. */
    public static final String FAILED = "photo.failed";
    public static final String CONVERSION_QUEUE = "bmo.conversions";
    public static final String PARKING_QUEUE = "bmo.conversions.parked";

    /** The delay queue for a retry step, named by its delay so a changed delay gets a new queue. */
    public static String retryQueue(Duration delay) {
        return "bmo.conversions.retry." + delay.toMillis() + "ms";
    }

    @Bean
    Declarables conversionTopology(ConversionSettings settings) {
        List<Declarable> all = new ArrayList<>();
        TopicExchange exchange = new TopicExchange(EXCHANGE, true, false);
        Queue requests = QueueBuilder.durable(CONVERSION_QUEUE).build();
        all.add(exchange);
        all.add(requests);
        all.add(BindingBuilder.bind(requests).to(exchange).with(UPLOADED));
        all.add(QueueBuilder.durable(PARKING_QUEUE).build());
        for (Duration delay : settings.retryDelays()) {
            all.add(QueueBuilder.durable(retryQueue(delay))
                    .ttl((int) delay.toMillis())
                    .deadLetterExchange("")
                    .deadLetterRoutingKey(CONVERSION_QUEUE)
                    .build());
        }
        return new Declarables(all);
    }
}
