package dev.bmo.resizer;

import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.ThumbnailOptions;
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

    /** Quadrant colours of {@link #quadrants}: top-left, top-right, bottom-left, bottom-right. */
    public static final double[][] QUADRANTS = {{220, 30, 30}, {30, 200, 30}, {30, 30, 220}, {230, 220, 40}};

    /** A stored {@code width x height} JPEG of four coloured quadrants, tagged with an EXIF orientation. */
    public static byte[] quadrants(int width, int height, int orientation) {
        try (VipsImage base = VipsImage.solid(width, height, QUADRANTS[0])) {
            VipsImage current = base.copy();
            int[][] at = {{width / 2, 0}, {0, height / 2}, {width / 2, height / 2}};
            for (int q = 1; q < 4; q++) {
                double[] c = QUADRANTS[q];
                try (VipsImage previous = current;
                        VipsImage patch = VipsImage.solid(width - width / 2, height - height / 2, c[0], c[1], c[2],
                                255)) {
                    current = previous.composite(patch, at[q - 1][0], at[q - 1][1]);
                }
            }
            try (VipsImage done = current; VipsImage tagged = done.withIntField("orientation", orientation)) {
                return tagged.save(SaveOptions.of(ImageFormat.JPEG).withQuality(95)
                        .withMetadata(SaveOptions.Metadata.KEEP_ALL));
            }
        }
    }

    /** The stored quadrant (0..3) seen at the upright point ({@code u}, {@code v}) in 0..1. */
    public static int storedQuadrant(int orientation, double u, double v) {
        double[] s = switch (orientation) {
            case 2 -> new double[] {1 - u, v};
            case 3 -> new double[] {1 - u, 1 - v};
            case 4 -> new double[] {u, 1 - v};
            case 5 -> new double[] {v, u};
            case 6 -> new double[] {v, 1 - u};
            case 7 -> new double[] {1 - v, 1 - u};
            case 8 -> new double[] {1 - v, u};
            default -> new double[] {u, v};
        };
        return (s[0] < 0.5 ? 0 : 1) + (s[1] < 0.5 ? 0 : 2);
    }

    /**
     * The converter's master of an original: long side 2048 at most, upright, sRGB, without metadata; JPEG, or
     * WebP for sources with alpha (stored as {@code master.webp}).
     */
    public static byte[] masterOf(byte[] original) {
        try (VipsImage master = VipsImage.thumbnail(original, ThumbnailOptions.fitInside(2048, 2048))) {
            return master.save(SaveOptions.of(master.hasAlpha() ? ImageFormat.WEBP : ImageFormat.JPEG)
                    .withQuality(90));
        }
    }

    /** The pixel at the relative point ({@code u}, {@code v}) of an encoded image. */
    public static double[] pixelAt(byte[] encoded, double u, double v) {
        try (VipsImage image = VipsImage.fromBuffer(encoded); VipsImage pixels = image.inMemory()) {
            return pixels.pixel((int) (u * pixels.width()), (int) (v * pixels.height()));
        }
    }

    /** Mean pixel value of a region of an encoded image. */
    public static double average(byte[] encoded, int left, int top, int width, int height) {
        try (VipsImage image = VipsImage.fromBuffer(encoded); VipsImage region = image.crop(left, top, width, height)) {
            return region.average();
        }
    }
}
