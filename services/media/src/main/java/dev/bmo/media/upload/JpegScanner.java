package dev.bmo.media.upload;

/**
 * Follows a JPEG's structure as its bytes stream past, without decoding anything: marker segments up to the
 * first start-of-scan (where the header ends: every table and the frame header are before it), then the
 * entropy-coded data, looking for the markers between scans (progressive JPEGs) and the end-of-image marker.
 * A JPEG that stops before its end-of-image marker is truncated. Bytes after the marker (camera trailers, the
 * video of a motion photo) are ignored. Where the structure is not what it should be, the scanner only looks
 * for the end-of-image marker from there on, so odd but decodable files are not refused.
 */
final class JpegScanner {

    private enum State { START_FF, START_D8, MARKER, CODE, LENGTH_HIGH, LENGTH_LOW, SEGMENT, ENTROPY, ENTROPY_FF, DONE }

    private State state = State.START_FF;
    private long position;
    private int code;
    private int length;
    private long remaining;
    private long headerEnd = -1;
    private boolean broken;

    /** Feeds the next bytes of the stream. */
    void feed(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && state != State.DONE) {
            if (state == State.SEGMENT) {
                int skip = (int) Math.min(remaining, end - i);
                i += skip;
                position += skip;
                remaining -= skip;
                if (remaining == 0) {
                    if (code == 0xDA && headerEnd < 0) {
                        headerEnd = position;
                    }
                    state = code == 0xDA ? State.ENTROPY : State.MARKER;
                }
                continue;
            }
            if (state == State.ENTROPY) {
                // the hot loop: entropy-coded data is most of the file
                while (i < end && b[i] != (byte) 0xFF) {
                    i++;
                    position++;
                }
                if (i < end) {
                    i++;
                    position++;
                    state = State.ENTROPY_FF;
                }
                continue;
            }
            step(b[i] & 0xFF);
            i++;
            position++;
        }
        position += end - i; // after the end-of-image marker
    }

    private void step(int v) {
        switch (state) {
            case START_FF -> state = v == 0xFF ? State.START_D8 : fail();
            case START_D8 -> state = v == 0xD8 ? State.MARKER : fail();
            case MARKER -> state = v == 0xFF ? State.CODE : fail();
            case CODE -> {
                if (v == 0xFF) {
                    return; // fill bytes
                }
                code = v;
                if (v == 0xD9) {
                    state = State.DONE;
                } else if (v == 0x01 || (v >= 0xD0 && v <= 0xD8)) {
                    state = State.MARKER; // markers without a length
                } else {
                    state = State.LENGTH_HIGH;
                }
            }
            case LENGTH_HIGH -> {
                length = v << 8;
                state = State.LENGTH_LOW;
            }
            case LENGTH_LOW -> {
                length |= v;
                if (length < 2) {
                    state = fail();
                } else {
                    remaining = length - 2;
                    state = State.SEGMENT;
                    if (remaining == 0) {
                        state = code == 0xDA ? State.ENTROPY : State.MARKER;
                    }
                }
            }
            case ENTROPY_FF -> {
                if (v == 0x00 || (v >= 0xD0 && v <= 0xD7)) {
                    state = State.ENTROPY; // stuffed byte, restart marker
                } else if (v == 0xFF) {
                    state = State.ENTROPY_FF;
                } else if (v == 0xD9) {
                    state = State.DONE;
                } else if (broken) {
                    state = State.ENTROPY;
                } else {
                    code = v; // a table or the next scan of a progressive JPEG
                    state = State.LENGTH_HIGH;
                }
            }
            default -> {
            }
        }
    }

    /** From here on only the end-of-image marker is looked for. */
    private State fail() {
        broken = true;
        return State.ENTROPY;
    }

    /** Bytes up to the end of the first start-of-scan segment (the whole header); -1 until it has been seen. */
    long headerEnd() {
        return headerEnd;
    }

    /** Whether the end-of-image marker has been seen. */
    boolean complete() {
        return state == State.DONE;
    }

    long position() {
        return position;
    }
}
