package dev.bmo.resizer;

import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.VipsImage;

/** Test images made with libvips. */
public final class TestImages {

    private TestImages() {
    }

    /** Photo-like noise as JPEG. */
    public static byte[] noiseJpeg(int width, int height) {
        try (VipsImage noise = VipsImage.noise(width, height, 3)) {
            return noise.save(SaveOptions.of(ImageFormat.JPEG).withQuality(85));
        }
    }

    /** One colour as JPEG. */
    public static byte[] solidJpeg(int width, int height, int r, int g, int b) {
        try (VipsImage solid = VipsImage.solid(width, height, r, g, b)) {
            return solid.save(SaveOptions.of(ImageFormat.JPEG));
        }
    }

    /** Mean pixel value of a region of an encoded image. */
    public static double average(byte[] encoded, int left, int top, int width, int height) {
        try (VipsImage image = VipsImage.fromBuffer(encoded); VipsImage region = image.crop(left, top, width, height)) {
            return region.average();
        }
    }
}
