package dev.bmo.vips;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EXIF orientations 1..8 on real JPEGs: the header reports the upright size, and thumbnails (plain and with
 * fast shrink-on-load, forced to the upright size) come out upright, unsquashed, with every quadrant in place.
 */
class OrientationTest {

    /** Quadrant colours of the stored image: top-left, top-right, bottom-left, bottom-right. */
    static final double[][] QUADRANTS = {{220, 30, 30}, {30, 200, 30}, {30, 30, 220}, {230, 220, 40}};

    @BeforeAll
    static void start() {
        Vips.start(VipsSettings.serverDefaults());
    }

    /** A stored {@code width x height} JPEG of four coloured quadrants, tagged with an EXIF orientation. */
    static byte[] quadrants(int width, int height, int orientation) {
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
    static int storedQuadrant(int orientation, double u, double v) {
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

    /** Asserts that an image is the upright picture of {@link #quadrants} with that orientation. */
    static void assertUpright(VipsImage image, int orientation) {
        try (VipsImage pixels = image.inMemory()) {
            for (double[] p : new double[][] {{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}}) {
                double[] expected = QUADRANTS[storedQuadrant(orientation, p[0], p[1])];
                double[] actual = pixels.pixel((int) (p[0] * pixels.width()), (int) (p[1] * pixels.height()));
                for (int b = 0; b < 3; b++) {
                    assertThat(actual[b]).as("orientation %d at %s band %d", orientation,
                            java.util.Arrays.toString(p), b).isCloseTo(expected[b],
                            org.assertj.core.api.Assertions.within(12.0));
                }
            }
        }
    }

    @Test
    void headersGiveTheUprightSize() {
        for (int n = 1; n <= 8; n++) {
            ImageHeader header = VipsImage.inspect(quadrants(400, 200, n));
            assertThat(header.orientation()).isEqualTo(n);
            assertThat(header.uprightWidth()).as("orientation " + n).isEqualTo(n >= 5 ? 200 : 400);
            assertThat(header.uprightHeight()).as("orientation " + n).isEqualTo(n >= 5 ? 400 : 200);
        }
    }

    @Test
    void thumbnailsComeOutUprightWithTheirAspectRatio() {
        for (int n = 1; n <= 8; n++) {
            byte[] jpeg = quadrants(400, 200, n);
            int w = n >= 5 ? 100 : 200;
            int h = n >= 5 ? 200 : 100;
            for (boolean fast : new boolean[] {false, true}) {
                try (VipsBuffer buffer = VipsBuffer.copyOf(jpeg);
                        VipsImage thumb = buffer.thumbnail(ThumbnailOptions.exactly(w, h)
                                .withFastShrinkOnLoad(fast))) {
                    assertThat(thumb.width()).as("orientation %d fast %s", n, fast).isEqualTo(w);
                    assertThat(thumb.height()).as("orientation %d fast %s", n, fast).isEqualTo(h);
                    assertUpright(thumb, n);
                }
            }
            try (VipsImage whole = VipsImage.thumbnail(jpeg, ThumbnailOptions.fitInside(2048, 2048))) {
                assertThat(whole.width()).isEqualTo(n >= 5 ? 200 : 400);
                assertUpright(whole, n);
            }
        }
    }
}
