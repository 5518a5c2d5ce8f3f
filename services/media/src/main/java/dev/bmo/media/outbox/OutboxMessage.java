package dev.bmo.media.outbox;

/** A message waiting in the outbox for RabbitMQ's confirm. */
public record OutboxMessage(long id, String photoId, String routingKey, String payload, int attempts) {
}
