package dev.bmo.vips;

import static dev.bmo.vips.testing.TestPhotos.QUADRANTS;
import static dev.bmo.vips.testing.TestPhotos.quadrants;
import static dev.bmo.vips.testing.TestPhotos.storedQuadrant;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EXIF orientations 1..8 on real JPEGs: the header reports the upright size, and thumbnails (plain and with
 * fast shrink-on-load, forced to the upright size) come out upright, unsquashed, with every quadrant in place.
 */
class OrientationTest {

    @BeforeAll
    static void start() {
        Vips.start(VipsSettings.serverDefaults());
    }

    /**
     * Asserts that an image is the upright picture of {@link dev.bmo.vips.testing.TestPhotos#quadrants} with
     * that orientation.
     */
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
