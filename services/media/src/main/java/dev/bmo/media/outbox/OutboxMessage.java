package dev.bmo.media.outbox;

/**
 * A message waiting in the outbox for RabbitMQ's confirm.
 *
 * @param traceParent the W3C traceparent of the request that wrote it, or null
 */
public record OutboxMessage(long id, String photoId, String routingKey, String payload, int attempts,
                            String traceParent) {
}
