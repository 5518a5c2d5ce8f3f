package dev.bmo.vips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.jna.ptr.PointerByReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two shortcuts of {@link VipsBuffer#thumbnail}: fast JPEG shrink-on-load and no ICC round trip for plain
 * sRGB sources. Each must give the same geometry, orientation, colours and errors as the plain path.
 */
class ThumbnailShortcutsTest {

    @BeforeAll
    static void start() {
        Vips.start(VipsSettings.serverDefaults());
    }

    @Test
    void picksTheLargestDctScaleThatStillCoversTheTarget() {
        // 24 MP original to 800 px: 7.5x, so 1/4 (libvips' vips_thumbnail would take 1/2)
        assertThat(ThumbnailOptions.exactly(800, 533).jpegShrink(6000, 4000, 1)).isEqualTo(4);
        // a 2048 px master to 800 px: 2.56x, so 1/2 (libvips would decode it whole)
        assertThat(ThumbnailOptions.exactly(800, 533).jpegShrink(2048, 1365, 1)).isEqualTo(2);
        assertThat(ThumbnailOptions.width(750).jpegShrink(6000, 4000, 1)).isEqualTo(8);
        assertThat(ThumbnailOptions.width(751).jpegShrink(6000, 4000, 1)).isEqualTo(4);
        assertThat(ThumbnailOptions.width(1100).jpegShrink(2048, 1365, 1)).isEqualTo(1);
        // fit inside a box: the longer relative side decides; cover and forced sizes: the shorter
        assertThat(ThumbnailOptions.fitInside(300, 300).jpegShrink(1600, 1000, 1)).isEqualTo(4);
        assertThat(ThumbnailOptions.cover(300, 300).jpegShrink(1600, 1000, 1)).isEqualTo(2);
        assertThat(ThumbnailOptions.exactly(800, 100).jpegShrink(1600, 1000, 1)).isEqualTo(2);
        // orientation 6: stored 1600x1000 shows 1000 wide, so 500 wide is a factor of 2, not 3.2
        assertThat(ThumbnailOptions.width(500).jpegShrink(1600, 1000, 6)).isEqualTo(2);
        assertThat(ThumbnailOptions.width(500).withAutorotate(false).jpegShrink(1600, 1000, 6)).isEqualTo(2);
        assertThat(ThumbnailOptions.width(400).withAutorotate(false).jpegShrink(1600, 1000, 6)).isEqualTo(4);
        assertThat(ThumbnailOptions.width(100).withSize(ThumbnailOptions.Size.UP).jpegShrink(1600, 1000, 1))
                .isEqualTo(1);
    }

    @Test
    void fastShrinkOnLoadGivesTheSameGeometryAndPicture() {
        byte[] jpeg = TestImages.jpeg(1600, 1000);
        ThumbnailOptions[] cases = {ThumbnailOptions.width(400), ThumbnailOptions.fitInside(300, 300),
            ThumbnailOptions.cover(300, 300), ThumbnailOptions.exactly(401, 99), ThumbnailOptions.width(4000)};
        for (ThumbnailOptions options : cases) {
            try (VipsImage plain = VipsImage.thumbnail(jpeg, options);
                    VipsImage fast = VipsImage.thumbnail(jpeg, options.withFastShrinkOnLoad(true))) {
                assertThat(fast.width()).as(options.toString()).isEqualTo(plain.width());
                assertThat(fast.height()).as(options.toString()).isEqualTo(plain.height());
                assertThat(fast.bands()).isEqualTo(3);
                assertThat(fast.average()).as(options.toString()).isCloseTo(plain.average(), within(1.0));
            }
        }
    }

    @Test
    void aFileIsShrunkOnLoadAsTheSameBytesInMemoryAre() throws Exception {
        byte[] jpeg = TestImages.jpeg(1600, 1000);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("shrink", ".jpg");
        try {
            java.nio.file.Files.write(file, jpeg);
            for (boolean fast : new boolean[] {false, true}) {
                ThumbnailOptions options = ThumbnailOptions.fitInside(500, 500).withFastShrinkOnLoad(fast);
                try (VipsImage fromBytes = VipsImage.thumbnail(jpeg, options);
                        VipsImage fromFile = VipsImage.thumbnail(file, options)) {
                    assertThat(fromFile.width()).isEqualTo(fromBytes.width()).isEqualTo(500);
                    assertThat(fromFile.height()).isEqualTo(fromBytes.height()).isEqualTo(313);
                    // the same decode: the same pixels, exactly
                    assertThat(fromFile.save(SaveOptions.of(ImageFormat.PNG)))
                            .isEqualTo(fromBytes.save(SaveOptions.of(ImageFormat.PNG)));
                }
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void fastShrinkOnLoadStillRotatesUpright() {
        byte[] rotated;
        try (VipsImage image = VipsImage.fromBuffer(TestImages.jpeg(1600, 1000));
                VipsImage tagged = image.withIntField("orientation", 6)) {
            rotated = tagged.save(SaveOptions.of(ImageFormat.JPEG).withMetadata(SaveOptions.Metadata.KEEP_ALL));
        }
        try (VipsImage upright = VipsImage.thumbnail(rotated, ThumbnailOptions.width(250)
                .withFastShrinkOnLoad(true))) {
            assertThat(upright.width()).isEqualTo(250);
            assertThat(upright.height()).isEqualTo(400);
        }
    }

    @Test
    void fastShrinkOnLoadStillFailsOnTruncatedJpegs() {
        byte[] truncated = TestImages.truncated(TestImages.jpeg(1600, 1000));
        assertThatThrownBy(() -> {
            try (VipsImage thumb = VipsImage.thumbnail(truncated, ThumbnailOptions.width(200)
                    .withFastShrinkOnLoad(true))) {
                thumb.save(SaveOptions.of(ImageFormat.JPEG));
            }
        }).isInstanceOf(VipsException.class).hasMessageContaining("jpeg");
    }

    @Test
    void profiledSourcesAreStillConvertedToSrgbAndPlainOnesKeepTheirColours() {
        byte[] plain;
        byte[] displayP3;
        try (VipsImage orange = VipsImage.solid(64, 64, 200, 60, 30)) {
            plain = orange.save(SaveOptions.of(ImageFormat.PNG));
            try (VipsImage p3 = iccTransform(orange, "p3")) {
                displayP3 = p3.save(SaveOptions.of(ImageFormat.PNG).withMetadata(SaveOptions.Metadata.KEEP_ICC));
            }
        }
        for (boolean fast : new boolean[] {false, true}) {
            ThumbnailOptions options = ThumbnailOptions.width(32).withFastShrinkOnLoad(fast);
            try (VipsImage fromPlain = VipsImage.thumbnail(plain, options);
                    VipsImage fromP3 = VipsImage.thumbnail(displayP3, options);
                    VipsImage p3Untouched = VipsImage.thumbnail(displayP3, options.withToSrgb(false))) {
                assertThat(bandMeans(fromPlain)).containsExactly(new double[] {200, 60, 30}, within(0.6));
                // the P3 pixels differ from the sRGB ones; converted back through the profile they are sRGB again
                assertThat(bandMeans(p3Untouched)[0]).isLessThan(190);
                assertThat(bandMeans(fromP3)).containsExactly(new double[] {200, 60, 30}, within(3.0));
            }
        }
    }

    private static VipsImage iccTransform(VipsImage image, String profile) {
        PointerByReference out = new PointerByReference();
        Errors.check(VipsLibrary.INSTANCE.vips_icc_transform(image.handle(), out, profile,
                Options.none().put("input_profile", "srgb").toVarargs()), "vips_icc_transform");
        return new VipsImage(out.getValue());
    }

    /** Mean of each band; the image is encoded once, then read afresh per band (images are read sequentially). */
    private static double[] bandMeans(VipsImage image) {
        byte[] png = image.save(SaveOptions.of(ImageFormat.PNG));
        double[] means = new double[image.bands()];
        for (int band = 0; band < means.length; band++) {
            PointerByReference out = new PointerByReference();
            try (VipsImage whole = VipsImage.fromBuffer(png)) {
                Errors.check(VipsLibrary.INSTANCE.vips_extract_band(whole.handle(), out, band,
                        Options.none().toVarargs()), "vips_extract_band");
            }
            try (VipsImage one = new VipsImage(out.getValue())) {
                means[band] = one.average();
            }
        }
        return means;
    }
}
