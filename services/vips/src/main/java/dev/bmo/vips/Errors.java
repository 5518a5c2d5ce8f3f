package dev.bmo.vips;

/**
 * Turns libvips' error buffer into exceptions. The buffer is process-wide in libvips, so reading and clearing it
 * is serialised here; under concurrent failures a message can still carry another thread's text.
 */
final class Errors {

    private static final Object BUFFER_LOCK = new Object();

    private Errors() {
    }

    static VipsException failure(String operation) {
        String text;
        synchronized (BUFFER_LOCK) {
            text = VipsLibrary.INSTANCE.vips_error_buffer();
            VipsLibrary.INSTANCE.vips_error_clear();
        }
        return new VipsException(operation, text == null ? "" : text);
    }

    static void check(int result, String operation) {
        if (result != 0) {
            throw failure(operation);
        }
    }
}
