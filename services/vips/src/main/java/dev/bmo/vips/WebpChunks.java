package dev.bmo.vips;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Removes the EXIF and XMP chunks from an encoded WebP (RIFF container: {@code RIFF size WEBP} then chunks of
 * FourCC, little-endian size, payload padded to even), clearing their flags in the {@code VP8X} chunk. Needed
 * because libvips 8.14.1's webpsave ignores {@code strip} and always writes an EXIF chunk.
 */
final class WebpChunks {

    private static final int FLAG_EXIF = 0x08;
    private static final int FLAG_XMP = 0x04;
    private static final int FLAG_ICC = 0x20;

    private WebpChunks() {
    }

    static byte[] stripMetadata(byte[] webp, boolean keepIcc) {
        if (webp.length < 12 || !fourCc(webp, 0).equals("RIFF") || !fourCc(webp, 8).equals("WEBP")) {
            return webp;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(webp.length);
        out.write(webp, 0, 12);
        int vp8xAt = -1;
        boolean removed = false;
        int at = 12;
        while (at + 8 <= webp.length) {
            String id = fourCc(webp, at);
            long size = ByteBuffer.wrap(webp, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
            long whole = 8 + size + (size & 1);
            if (at + whole > webp.length) {
                return webp; // not a container we understand: leave it as libvips wrote it
            }
            boolean drop = id.equals("EXIF") || id.equals("XMP ") || (!keepIcc && id.equals("ICCP"));
            if (drop) {
                removed = true;
            } else {
                if (id.equals("VP8X")) {
                    vp8xAt = out.size();
                }
                out.write(webp, at, (int) whole);
            }
            at += (int) whole;
        }
        if (!removed) {
            return webp;
        }
        byte[] result = out.toByteArray();
        if (vp8xAt >= 0) {
            int clear = FLAG_EXIF | FLAG_XMP | (keepIcc ? 0 : FLAG_ICC);
            result[vp8xAt + 8] = (byte) (result[vp8xAt + 8] & ~clear);
        }
        ByteBuffer.wrap(result, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(result.length - 8);
        return result;
    }

    private static String fourCc(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.US_ASCII);
    }
}
