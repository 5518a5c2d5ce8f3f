package dev.bmo.media.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Reads the start of an upload until it holds the image's whole header, however long the metadata before the
 * frame is (photo editors write megabytes of XMP and Photoshop segments), up to a bound: for a JPEG until its
 * first start-of-scan segment (found by {@link JpegScanner}, no decoding), for other types until libvips can
 * read the header from it (the buffer doubles from 64 KiB). The bytes read are handed on to storage as they are.
 */
final class HeadReader {

    static final int FIRST_READ = 64 * 1024;

    private final InputStream in;
    private final int maxBytes;
    private byte[] buffer;
    private int length;
    private boolean ended;

    HeadReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = Math.max(maxBytes, ImageType.SNIFF_BYTES);
        this.buffer = new byte[Math.min(FIRST_READ, this.maxBytes)];
    }

    /** Reads the first bytes; returns how many there are (0: the body is empty). */
    int start() {
        fill();
        return length;
    }

    /** Reads more, doubling what is held, unless the body has ended or the bound is reached; false then. */
    boolean more() {
        if (ended || length >= maxBytes) {
            return false;
        }
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, maxBytes));
        }
        fill();
        return true;
    }

    /** For a JPEG: reads until the header is complete; false when it is not within the bound (or the body). */
    boolean readJpegHeader(JpegScanner scanner) {
        int scanned = 0;
        while (true) {
            scanner.feed(buffer, scanned, length - scanned);
            scanned = length;
            if (scanner.headerEnd() >= 0 || scanner.complete()) {
                return true;
            }
            if (!more()) {
                return false;
            }
        }
    }

    byte[] buffer() {
        return buffer;
    }

    int length() {
        return length;
    }

    boolean ended() {
        return ended;
    }

    boolean atBound() {
        return length >= maxBytes;
    }

    private void fill() {
        try {
            int n = in.readNBytes(buffer, length, buffer.length - length);
            length += n;
            if (length < buffer.length) {
                ended = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
