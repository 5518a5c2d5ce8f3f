package dev.bmo.media.photo;

import dev.bmo.media.messaging.Topology;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records the converter's "converted" and "failed" events on the photos; duplicates (redeliveries) change
 * nothing, and a photo is never both.
 */
@Component
public class ConvertedListener {

    private static final Logger log = LoggerFactory.getLogger(ConvertedListener.class);

    private final PhotoRepository photos;
    private final JsonMapper json;

    public ConvertedListener(PhotoRepository photos, JsonMapper json) {
        this.photos = photos;
        this.json = json;
    }

    @RabbitListener(queues = Topology.CONVERTED_QUEUE)
    public void converted(byte[] body) {
        JsonNode event = read(body, "converted");
        if (event != null) {
            String id = event.path("id").asString("");
            log.atInfo().addKeyValue("photo.id", id).log("photo {} converted", id);
            photos.markConverted(id, at(event, "convertedAt"));
        }
    }

    @RabbitListener(queues = Topology.FAILED_QUEUE)
    public void failed(byte[] body) {
        JsonNode event = read(body, "failed");
        if (event == null) {
            return;
        }
        String id = event.path("id").asString("");
        String reason = event.path("reason").asString("conversion_failed");
        log.info("photo {} failed to convert: {} ({})", id, reason, event.path("detail").asString(""));
        photos.markFailed(id, reason.length() > 50 ? reason.substring(0, 50) : reason, at(event, "failedAt"));
    }

    /** The event, or null (logged) when it is not JSON: a malformed event is dropped, never retried. */
    private JsonNode read(byte[] body, String kind) {
        try {
            return json.readTree(body);
        } catch (RuntimeException e) {
            log.warn("ignoring a malformed {} event: {}", kind, e.getMessage());
            return null;
        }
    }

    /** When the event says it happened, else now. */
    private static Instant at(JsonNode event, String field) {
        String at = event.path(field).asString("");
        return at.isEmpty() ? Instant.now() : Instant.parse(at);
    }
}
