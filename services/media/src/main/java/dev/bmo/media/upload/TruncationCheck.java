package dev.bmo.media.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a JPEG body through its {@link JpegScanner} (which has already seen the head) and, when the body ends
 * before the end-of-image marker, throws {@link UploadRejectedException} ({@code truncated_image}) from the read:
 * the streaming put fails (a multipart upload is aborted) and nothing is stored. The scan is a byte loop over
 * the entropy-coded data, no decoding.
 */
final class TruncationCheck extends FilterInputStream {

    private final JpegScanner scanner;

    TruncationCheck(InputStream in, JpegScanner scanner) {
        super(in);
        this.scanner = scanner;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            scanner.feed(b, off, n);
        } else if (n < 0 && !scanner.complete()) {
            throw new UploadRejectedException(Rejection.TRUNCATED_IMAGE, "the JPEG ends after " + scanner.position()
                    + " bytes, before its end-of-image marker: it is truncated (an interrupted transfer or export)");
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }
}
