package dev.bmo.api.errors;

import org.springframework.http.HttpStatus;

/** A request the API answers with an error: its status, a stable {@code error} code and a message for people. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public ApiException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
