package dev.bmo.resizer.request;

/** The request URL is wrong: answered 400 with a JSON body naming the problem. */
public class BadRequestException extends RuntimeException {

    private final String code;

    public BadRequestException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** Machine-readable error code, for example {@code unknown_parameter}. */
    public String code() {
        return code;
    }
}
