package dev.bmo.storage;

/** A streamed body went past the limit given to {@link ObjectStore#put}; nothing was left stored. */
public class BodyTooLargeException extends StorageException {
    private final long limit;

    public BodyTooLargeException(long limit) {
        super("body larger than " + limit + " bytes", null);
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
