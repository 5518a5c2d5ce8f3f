package dev.bmo.converter.conversion;

/** The original cannot be decoded: retrying will not help, the request is parked at once. */
public class CorruptOriginalException extends RuntimeException {
    public CorruptOriginalException(String message, Throwable cause) {
        super(message, cause);
    }
}
