package dev.bmo.vips;

/** A libvips call failed. The message carries libvips' own error text ({@code vips_error_buffer}). */
public class VipsException extends RuntimeException {

    private final String operation;
    private final String vipsMessage;

    public VipsException(String operation, String vipsMessage) {
        super(operation + " failed: " + (vipsMessage.isBlank() ? "(libvips gave no reason)" : vipsMessage.strip()));
        this.operation = operation;
        this.vipsMessage = vipsMessage.strip();
    }

    /** The libvips function that failed, for example {@code vips_thumbnail_source}. */
    public String operation() {
        return operation;
    }

    /** libvips' error text for this failure, without the operation prefix. */
    public String vipsMessage() {
        return vipsMessage;
    }
}
