package dev.bmo.storage;

/** The key does not exist in the bucket. */
public class ObjectNotFoundException extends StorageException {
    public ObjectNotFoundException(String key) {
        super("no such object: " + key, null);
    }
}
