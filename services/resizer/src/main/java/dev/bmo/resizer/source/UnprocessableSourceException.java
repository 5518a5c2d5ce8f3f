package dev.bmo.resizer.source;

/**
 * The source exists but will not be rendered: too large, too many pixels, not an image, or corrupt. Answered
 * 422 with a JSON body; {@link #code()} says which.
 */
public class UnprocessableSourceException extends RuntimeException {

    private final String code;

    public UnprocessableSourceException(String code, String message) {
        super(message);
        this.code = code;
    }

    public UnprocessableSourceException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
