package dev.bmo.media.messaging;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The RabbitMQ names media shares with the converter. Media declares the conversion queue too (with the
 * same arguments as the converter: none), so a request published before any converter ever ran is kept.
 * Spring AMQP's RabbitAdmin (re)declares all of this whenever a connection opens.
 */
@Configuration(proxyBeanMethods = false)
public class Topology {

    public static final String EXCHANGE = "bmo.photos";
    public static final String UPLOADED = "photo.uploaded";
    public static final String CONVERTED = "photo.converted";
    public static final String CONVERSION_QUEUE = "bmo.conversions";
    public static final String CONVERTED_QUEUE = "bmo.media.converted";
    /** The converter's "this photo will never convert" events (a corrupt original). */
    public static final String FAILED = "photo.failed";
    public static final String FAILED_QUEUE = "bmo.media.failed";

    @Bean
    Declarables photoTopology() {
        TopicExchange exchange = new TopicExchange(EXCHANGE, true, false);
        Queue conversions = QueueBuilder.durable(CONVERSION_QUEUE).build();
        Queue converted = QueueBuilder.durable(CONVERTED_QUEUE).build();
        Binding requests = BindingBuilder.bind(conversions).to(exchange).with(UPLOADED);
        Binding done = BindingBuilder.bind(converted).to(exchange).with(CONVERTED);
        Queue failed = QueueBuilder.durable(FAILED_QUEUE).build();
        Binding failures = BindingBuilder.bind(failed).to(exchange).with(FAILED);
        return new Declarables(exchange, conversions, converted, requests, done, failed, failures);
    }
}
