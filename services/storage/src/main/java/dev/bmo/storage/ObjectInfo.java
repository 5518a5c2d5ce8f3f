package dev.bmo.storage;

import java.time.Instant;
import java.util.Map;

/**
 * What S3 knows about one object. {@code metadata} holds the user metadata ({@code x-amz-meta-*})
 * with lower-case names and without the prefix.
 */
public record ObjectInfo(String key, long size, String contentType, String etag, Instant lastModified,
                         Map<String, String> metadata) {

    public ObjectInfo {
        metadata = Map.copyOf(metadata);
    }

    public String metadata(String name) {
        return metadata.get(name);
    }
}
