package dev.bmo.vips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Colour through every thumbnail path (bytes, file, opened image; plain and fast shrink-on-load): a source
 * without a profile keeps its exact values (no ICC transform), a profiled or CMYK one is converted to sRGB once,
 * and the result of thumbnailing that result again (the resizer rendering the converter's master) is the same.
 */
class ColourTest {

    static final double[][] COLOURS = {{0, 0, 254}, {254, 0, 0}, {0, 254, 0}, {200, 60, 30}, {128, 128, 128}};

    @BeforeAll
    static void start() {
        Vips.start(VipsSettings.serverDefaults());
    }

    static byte[] solid(double[] c, ImageFormat format, String profile) {
        try (VipsImage plain = VipsImage.solid(64, 48, c)) {
            if (profile == null) {
                return plain.save(SaveOptions.of(format).withQuality(100));
            }
            try (VipsImage tagged = plain.convertToProfile(profile)) {
                return tagged.save(SaveOptions.of(format).withQuality(100).withMetadata(SaveOptions.Metadata.KEEP_ICC));
            }
        }
    }

    static double[] centre(VipsImage image) {
        try (VipsImage pixels = image.inMemory()) {
            return pixels.pixel(pixels.width() / 2, pixels.height() / 2);
        }
    }

    static double[] thumbnailCentre(byte[] encoded, boolean fast) {
        try (VipsImage t = VipsImage.thumbnail(encoded, ThumbnailOptions.width(32).withFastShrinkOnLoad(fast))) {
            assertThat(t.bands()).isEqualTo(3);
            assertThat(t.format()).isEqualTo(BandFormat.UCHAR);
            return centre(t);
        }
    }

    @Test
    void sourcesWithoutAProfileKeepTheirExactColoursOnEveryPath() throws Exception {
        Path file = Files.createTempFile("colour", ".img");
        try {
            for (double[] c : COLOURS) {
                for (ImageFormat format : new ImageFormat[] {ImageFormat.PNG, ImageFormat.JPEG}) {
                    byte[] encoded = solid(c, format, null);
                    double tolerance = format == ImageFormat.PNG ? 0 : 2; // JPEG's own rounding
                    String what = java.util.Arrays.toString(c) + " " + format;
                    assertThat(thumbnailCentre(encoded, false)).as(what).containsExactly(c, within(tolerance));
                    assertThat(thumbnailCentre(encoded, true)).as(what).containsExactly(c, within(tolerance));
                    Files.write(file, encoded);
                    try (VipsImage fromFile = VipsImage.thumbnail(file, ThumbnailOptions.fitInside(2048, 2048))) {
                        assertThat(centre(fromFile)).as(what + " file").containsExactly(c, within(tolerance));
                    }
                    try (VipsImage opened = VipsImage.fromBuffer(encoded);
                            VipsImage t = opened.thumbnail(ThumbnailOptions.width(16))) {
                        assertThat(centre(t)).as(what + " opened").containsExactly(c, within(tolerance));
                    }
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void greyAnd16BitSourcesWithoutAProfileBecome8BitSrgbWithTheirValues() {
        try (VipsImage colour = VipsImage.solid(64, 48, 0, 0, 254);
                VipsImage deep = colour.colourspace("rgb16");
                VipsImage grey = VipsImage.solid(64, 48, 77);
                VipsImage grey16 = grey.colourspace("grey16")) {
            byte[] deepPng = deep.save(SaveOptions.of(ImageFormat.PNG));
            assertThat(VipsImage.inspect(deepPng).format()).isEqualTo(BandFormat.USHORT);
            assertThat(thumbnailCentre(deepPng, false)).containsExactly(new double[] {0, 0, 254}, within(1.0));
            for (byte[] g : new byte[][] {grey.save(SaveOptions.of(ImageFormat.JPEG).withQuality(100)),
                grey16.save(SaveOptions.of(ImageFormat.PNG))}) {
                assertThat(thumbnailCentre(g, false)).containsExactly(new double[] {77, 77, 77}, within(1.0));
            }
        }
    }

    @Test
    void profiledAndCmykSourcesAreConvertedOnceAndTheirMastersRenderTheSame() {
        for (double[] c : COLOURS) {
            for (String profile : new String[] {"p3", "cmyk"}) {
                byte[] tagged = solid(c, ImageFormat.JPEG, profile);
                byte[] untagged;
                try (VipsImage in = VipsImage.fromBuffer(tagged); VipsImage bare = in.withoutMetadata(false)) {
                    untagged = bare.save(SaveOptions.of(ImageFormat.JPEG).withQuality(100)
                            .withMetadata(SaveOptions.Metadata.KEEP_ALL));
                }
                for (byte[] source : profile.equals("cmyk") ? new byte[][] {tagged, untagged} : new byte[][] {tagged}) {
                    String what = java.util.Arrays.toString(c) + " " + profile
                            + (source == untagged ? " without its profile" : "");
                    double[] direct = thumbnailCentre(source, false);
                    assertThat(thumbnailCentre(source, true)).as(what).containsExactly(direct, within(1.0));
                    if (profile.equals("p3")) {
                        // back through the profile it is about the sRGB colour again (P3 holds every sRGB colour; lcms
                        // rounds saturated primaries by a few levels)
                        assertThat(direct).as(what).containsExactly(c, within(10.0));
                    }
                    byte[] master;
                    try (VipsImage m = VipsImage.thumbnail(source, ThumbnailOptions.fitInside(2048, 2048))) {
                        master = m.save(SaveOptions.of(ImageFormat.JPEG).withQuality(100));
                    }
                    assertThat(VipsImage.inspect(master).loader()).startsWith("jpegload");
                    assertThat(thumbnailCentre(master, true)).as(what + " via its master")
                            .containsExactly(direct, within(2.0));
                }
            }
        }
    }
}
