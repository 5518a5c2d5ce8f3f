package dev.bmo.media;

import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.VipsImage;

/** Real encoded images made with libvips for the tests. */
public final class TestImages {

    private TestImages() {
    }

    public static byte[] jpeg(int width, int height) {
        return encode(width, height, ImageFormat.JPEG);
    }

    public static byte[] png(int width, int height) {
        return encode(width, height, ImageFormat.PNG);
    }

    public static byte[] noiseJpeg(int width, int height) {
        try (VipsImage image = VipsImage.noise(width, height, 3)) {
            return image.save(SaveOptions.of(ImageFormat.JPEG).withQuality(95));
        }
    }

    /** A {@code width x height} JPEG (as stored) tagged with an EXIF orientation. */
    public static byte[] orientedJpeg(int width, int height, int orientation) {
        try (VipsImage image = VipsImage.noise(width, height, 3);
                VipsImage tagged = image.withIntField("orientation", orientation)) {
            return tagged.save(SaveOptions.of(ImageFormat.JPEG).withMetadata(SaveOptions.Metadata.KEEP_ALL));
        }
    }

    /**
     * The JPEG with {@code metadataBytes} of extended-XMP APP1 segments (as photo editors write them) inserted
     * between its start-of-image marker and the rest: metadata before the frame header.
     */
    public static byte[] withLongHeader(byte[] jpeg, int metadataBytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        byte[] namespace = "http://ns.adobe.com/xmp/extension/\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int written = 0;
        while (written < metadataBytes) {
            int payload = Math.min(65_000, metadataBytes - written);
            int length = 2 + namespace.length + payload;
            out.write(0xFF);
            out.write(0xE1);
            out.write(length >> 8);
            out.write(length & 0xFF);
            out.writeBytes(namespace);
            byte[] filler = new byte[payload];
            java.util.Arrays.fill(filler, (byte) 'x');
            out.writeBytes(filler);
            written += payload;
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A GIF of {@code frames} frames (red, then blue, ...). */
    public static byte[] gif(int width, int height, int frames) {
        java.awt.Color[] colours = new java.awt.Color[frames];
        for (int f = 0; f < frames; f++) {
            colours[f] = f % 2 == 0 ? java.awt.Color.RED : java.awt.Color.BLUE;
        }
        return dev.bmo.vips.testing.TestPhotos.animatedGif(width, height, colours);
    }

    private static byte[] encode(int width, int height, ImageFormat format) {
        try (VipsImage image = VipsImage.solid(width, height, 200, 120, 40)) {
            return image.save(SaveOptions.of(format));
        }
    }
}
