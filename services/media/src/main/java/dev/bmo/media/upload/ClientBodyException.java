package dev.bmo.media.upload;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The client's body could not be read (it went away, or sent something broken). Told apart from the photo
 * store's failures, which also happen while the body streams into S3. For a body that stops arriving
 * Tomcat has already answered 408 itself when its read timeout passed ({@link ContainerErrors} gives that
 * answer media's error shape), whatever the handler of this exception returns.
 */
public class ClientBodyException extends UncheckedIOException {

    ClientBodyException(IOException cause) {
        super("the request body could not be read: " + cause.getMessage(), cause);
    }

    /** The ClientBodyException somewhere in the causes (an S3 client wraps what its input stream threw). */
    static ClientBodyException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ClientBodyException e) {
                return e;
            }
        }
        return null;
    }
}
