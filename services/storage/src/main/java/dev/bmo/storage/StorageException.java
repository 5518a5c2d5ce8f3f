package dev.bmo.storage;

/** S3 could not do what was asked (unreachable, refused, failed mid-transfer). */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
