package dev.bmo.vips;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Encoded image bytes in native (GLib) memory, read from a stream without holding them on the Java heap, for
 * {@link VipsBuffer#adopt}: a large source then costs one native copy instead of a heap array plus a libvips
 * copy of it. Reading calls no libvips function, so any thread may do it (an I/O thread, say) and hand the
 * bytes to a libvips thread.
 *
 * <p>Close it when it is not adopted: closing frees the memory; closing after adoption does nothing.
 */
public final class NativeBytes implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private Pointer memory;
    private final int length;

    private NativeBytes(Pointer memory, int length) {
        this.memory = memory;
        this.length = length;
    }

    /**
     * Reads exactly {@code length} bytes of {@code in} (more are left unread).
     *
     * @throws EOFException when the stream ends first
     * @throws OutOfMemoryError when the native memory cannot be had
     */
    public static NativeBytes read(InputStream in, int length) throws IOException {
        if (length < 1) {
            throw new IllegalArgumentException("length must be at least 1, was " + length);
        }
        Pointer memory = VipsLibrary.INSTANCE.g_try_malloc(new NativeLong(length));
        if (memory == null) {
            throw new OutOfMemoryError("cannot allocate " + length + " bytes of native memory");
        }
        NativeBytes bytes = new NativeBytes(memory, length);
        try {
            byte[] chunk = new byte[Math.min(CHUNK, length)];
            int filled = 0;
            while (filled < length) {
                int n = in.read(chunk, 0, Math.min(chunk.length, length - filled));
                if (n < 0) {
                    throw new EOFException("the stream ended after " + filled + " of " + length + " bytes");
                }
                memory.write(filled, chunk, 0, n);
                filled += n;
            }
            return bytes;
        } catch (IOException | RuntimeException | Error e) {
            bytes.close();
            throw e;
        }
    }

    /** Copies bytes from the Java heap (for tests and small inputs). */
    public static NativeBytes copyOf(byte[] data) {
        try {
            return read(new java.io.ByteArrayInputStream(data), data.length);
        } catch (IOException impossible) {
            throw new java.io.UncheckedIOException(impossible);
        }
    }

    /**
     * A copy in new native memory (a readers' own bytes from a cached source: libvips adopts and frees them),
     * or empty when these bytes were closed or adopted meanwhile. Safe against a concurrent {@link #close()}.
     */
    public synchronized Optional<NativeBytes> copy() {
        if (memory == null) {
            return Optional.empty();
        }
        Pointer target = VipsLibrary.INSTANCE.g_try_malloc(new NativeLong(length));
        if (target == null) {
            throw new OutOfMemoryError("cannot allocate " + length + " bytes of native memory");
        }
        target.getByteBuffer(0, length).put(memory.getByteBuffer(0, length));
        return Optional.of(new NativeBytes(target, length));
    }

    public int length() {
        return length;
    }

    /** Whether the memory is still owned here (not closed, not adopted). */
    public boolean isOpen() {
        return memory != null;
    }

    /** A copy on the Java heap (for tests). */
    public byte[] toByteArray() {
        return open().getByteArray(0, length);
    }

    /** Gives the memory up to the caller, who must free it (libvips, through a blob). */
    synchronized Pointer release() {
        Pointer m = open();
        memory = null;
        return m;
    }

    private Pointer open() {
        if (memory == null) {
            throw new IllegalStateException("NativeBytes is closed or adopted");
        }
        return memory;
    }

    @Override
    public synchronized void close() {
        if (memory != null) {
            VipsLibrary.INSTANCE.g_free(memory);
            memory = null;
        }
    }
}
