package dev.bmo.api.photo;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The part of media's photo record the API shows (media's own JSON, GET /v1/photos/{id} there). */
record MediaPhoto(String id, String photographer, int width, int height, String uploadedAt, String status,
                  Optional<String> reason, String originalKey) {

    static MediaPhoto of(JsonNode n) {
        return new MediaPhoto(n.path("id").asString(), n.path("photographer").asString(), n.path("width").asInt(),
                n.path("height").asInt(), n.path("uploadedAt").asString(), n.path("status").asString(),
                Optional.ofNullable(n.get("reason")).map(JsonNode::asString), n.path("originalKey").asString());
    }

    /** The API's word for media's status: media says {@code converted}, clients read {@code ready}. */
    String state() {
        return switch (status) {
            case "converted" -> "ready";
            case "failed" -> "failed";
            default -> "processing";
        };
    }
}
