package dev.bmo.storage;

/** The result of a put: the key, how many bytes were stored, the ETag and how many parts it took (1 = single put). */
public record StoredObject(String key, long size, String etag, int parts) {
}
