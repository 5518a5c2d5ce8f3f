package dev.bmo.resizer.serving;

/** Too many renders running and waiting, or the deadline passed: 503 with Retry-After. */
public class OverloadedException extends RuntimeException {

    private final String code;

    public OverloadedException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** {@code overloaded} or {@code deadline_exceeded}. */
    public String code() {
        return code;
    }
}
