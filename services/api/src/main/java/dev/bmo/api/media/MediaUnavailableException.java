package dev.bmo.api.media;

/** Media did not answer (timeout, refused, 5xx) or its circuit breaker is open. */
public class MediaUnavailableException extends RuntimeException {

    public MediaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
