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

    private static byte[] encode(int width, int height, ImageFormat format) {
        try (VipsImage image = VipsImage.solid(width, height, 200, 120, 40)) {
            return image.save(SaveOptions.of(format));
        }
    }
}
