package dev.bmo.converter.conversion;

import dev.bmo.converter.messaging.Topology;
import dev.bmo.vips.Vips;
import dev.bmo.vips.VipsSettings;
import dev.bmo.vips.VipsThreads;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * One consumer per render slot, each on a libvips platform thread (which frees libvips' per-thread state when
 * it ends), with manual acknowledgement and {@code prefetch} unacknowledged messages per consumer: at most
 * {@code concurrency x prefetch} requests are taken from the queue at once, the rest wait there for other
 * converters.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    @Bean
    SimpleMessageListenerContainer conversionConsumers(ConnectionFactory connections, ConversionListener listener,
                                                       ConversionSettings settings) {
        // one render per consumer thread: libvips itself single-threaded inside each
        Vips.start(VipsSettings.serverDefaults());
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
        container.setQueueNames(Topology.CONVERSION_QUEUE);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setConcurrentConsumers(settings.concurrency());
        container.setMaxConcurrentConsumers(settings.concurrency());
        container.setPrefetchCount(settings.prefetch());
        container.setMissingQueuesFatal(false);
        container.setTaskExecutor(new SimpleAsyncTaskExecutor(VipsThreads.factory("converter")));
        container.setMessageListener(listener);
        // continues the trace in the request's traceparent header: log lines carry the upload's trace id
        container.setObservationEnabled(true);
        return container;
    }
}
