package dev.bmo.storage;

import java.io.FilterInputStream;
import java.io.InputStream;

/**
 * An object's body as it streams from S3, with its metadata. Close it: an unclosed stream holds
 * an HTTP connection. Closing before the end aborts the transfer instead of draining it.
 */
public final class ObjectStream extends FilterInputStream {

    private final ObjectInfo info;
    private final Runnable abort;
    private boolean finished;

    ObjectStream(InputStream body, ObjectInfo info, Runnable abort) {
        super(body);
        this.info = info;
        this.abort = abort;
    }

    public ObjectInfo info() {
        return info;
    }

    @Override
    public int read() throws java.io.IOException {
        int b = super.read();
        if (b < 0) {
            finished = true;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            finished = true;
        }
        return n;
    }

    @Override
    public void close() throws java.io.IOException {
        if (!finished) {
            abort.run();
        }
        super.close();
    }
}
