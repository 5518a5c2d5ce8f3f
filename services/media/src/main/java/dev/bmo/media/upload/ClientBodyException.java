package dev.bmo.media.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;

/**
 * The client's body could not be read: it stopped sending (longer than the read timeout) or went away.
 * Told apart from the photo store's failures, which also happen while the body streams into S3.
 */
public class ClientBodyException extends UncheckedIOException {

    private final boolean timedOut;

    ClientBodyException(IOException cause) {
        super("the request body could not be read: " + cause.getMessage(), cause);
        this.timedOut = causedByTimeout(cause);
    }

    /** True when the client stopped sending: Tomcat's read timeout (server.tomcat.connection-timeout). */
    public boolean timedOut() {
        return timedOut;
    }

    private static boolean causedByTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
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
