package dev.bmo.converter.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.ThumbnailOptions;
import dev.bmo.vips.Vips;
import dev.bmo.vips.VipsImage;
import dev.bmo.vips.VipsSettings;
import dev.bmo.testing.PhotoLike;
import dev.bmo.testing.SharpReference;
import dev.bmo.vips.testing.TestPhotos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The converter's libvips work on real images: what the master and the renditions keep of the original. */
class RendererTest {

    static final Renderer RENDERER = new Renderer(new ConversionSettings(1, 1, List.of(Duration.ofSeconds(1)),
            List.of(100, 300), List.of("jpeg", "webp", "png"), 2048, List.of(1280), 90, 82, true));

    Path original;

    @BeforeAll
    static void start() {
        Vips.start(VipsSettings.serverDefaults());
    }

    @AfterEach
    void delete() throws IOException {
        if (original != null) {
            Files.deleteIfExists(original);
        }
    }

    Renderer.Output render(byte[] encoded) throws IOException {
        original = Files.createTempFile("renderer-test", ".img");
        Files.write(original, encoded);
        return RENDERER.render("p1", original);
    }

    static double[] centre(byte[] encoded) {
        try (VipsImage image = VipsImage.fromBuffer(encoded); VipsImage pixels = image.inMemory()) {
            return pixels.pixel(pixels.width() / 2, pixels.height() / 2);
        }
    }

    @Test
    void aSourceWithAlphaGetsAWebpMasterAndKeepsItsAlphaInEveryRenditionThatHasAlpha() throws IOException {
        byte[] png;
        try (VipsImage translucent = VipsImage.solid(3000, 2000, 40, 90, 200, 128)) {
            png = translucent.save(SaveOptions.of(ImageFormat.PNG));
        }
        Renderer.Output out = render(png);
        assertThat(out.master().key()).isEqualTo("renditions/p1/master.webp");
        assertThat(out.master().mediaType()).isEqualTo("image/webp");
        assertThat(out.master().width()).isEqualTo(2048);
        assertThat(centre(out.master().bytes())).containsExactly(new double[] {40, 90, 200, 128}, within(3.0));
        for (RenderedImage r : out.renditions()) {
            double[] pixel = centre(r.bytes());
            if (r.mediaType().equals("image/jpeg")) {
                // flattened onto white: half of the colour, half of 255
                assertThat(pixel).as(r.key()).containsExactly(new double[] {147, 172, 227}, within(4.0));
            } else {
                assertThat(pixel).as(r.key()).containsExactly(new double[] {40, 90, 200, 128}, within(4.0));
            }
        }
        try (VipsImage opaque = VipsImage.solid(300, 200, 1, 2, 3)) {
            assertThat(render(opaque.save(SaveOptions.of(ImageFormat.PNG))).master().key())
                    .isEqualTo("renditions/p1/master.jpg");
        }
    }

    @Test
    void theMasterAndRenditionsCarryNoMetadataAndNoGps() throws IOException {
        byte[] jpeg;
        try (VipsImage noise = VipsImage.noise(900, 600, 3);
                VipsImage p3 = noise.convertToProfile("p3");
                VipsImage a = p3.withStringField("exif-ifd3-GPSLatitudeRef", "N");
                VipsImage b = a.withStringField("exif-ifd3-GPSLatitude", "51/1 30/1 1234/100");
                VipsImage c = b.withBlobField("xmp-data", "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>".getBytes());
                VipsImage d = c.withBlobField("iptc-data", "Photoshop 3.0\u00008BIM".getBytes())) {
            jpeg = d.save(SaveOptions.of(ImageFormat.JPEG).withMetadata(SaveOptions.Metadata.KEEP_ALL));
        }
        Renderer.Output out = render(jpeg);
        List<RenderedImage> all = new java.util.ArrayList<>(out.renditions());
        all.add(out.master());
        for (RenderedImage r : all) {
            try (VipsImage image = VipsImage.fromBuffer(r.bytes())) {
                for (String field : new String[] {"exif-data", "xmp-data", "iptc-data", "icc-profile-data",
                    "exif-ifd3-GPSLatitude"}) {
                    assertThat(image.hasField(field)).as(r.key() + " " + field).isFalse();
                }
            }
            String raw = new String(r.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(raw).as(r.key()).doesNotContain("xmpmeta", "8BIM", "Exif\u0000\u0000");
        }
    }

    @Test
    void anAnimatedGifIsConvertedFromItsFirstFrame() throws Exception {
        byte[] gif = TestPhotos.animatedGif(120, 80, java.awt.Color.RED, java.awt.Color.BLUE);
        Renderer.Output out = render(gif);
        assertThat(out.master().width()).isEqualTo(120);
        assertThat(out.master().height()).isEqualTo(80);
        double[] pixel = centre(out.master().bytes());
        assertThat(pixel[0]).isGreaterThan(240);
        assertThat(pixel[2]).isLessThan(15);
    }

    @Test
    void aSourceWithoutAProfileKeepsItsColoursInTheMasterAndEveryRendition() throws IOException {
        for (double[] colour : new double[][] {{0, 0, 254}, {254, 0, 0}, {0, 254, 0}}) {
            byte[] jpeg;
            try (VipsImage solid = VipsImage.solid(640, 480, colour)) {
                jpeg = solid.save(SaveOptions.of(ImageFormat.JPEG).withQuality(95));
            }
            double[] source = centre(jpeg);
            Renderer.Output out = render(jpeg);
            assertThat(centre(out.master().bytes())).as("master of " + List.of(source))
                    .containsExactly(source, within(2.0));
            for (RenderedImage r : out.renditions()) {
                assertThat(centre(r.bytes())).as(r.key()).containsExactly(source, within(3.0));
            }
        }
    }

    /**
     * The master decoded at the JPEG DCT scale that covers it (a 4800 px original at half size, 2400 px, for a
     * 2048 px master) against libvips' own choice (a full decode). CIEDE2000 (mean over the picture): the
     * difference the scaled decode makes must be smaller than the one the master's own JPEG encoding makes
     * (the full decode's master against its lossless pixels), and at the largest rendition (1080 px) under
     * 0.6, where 1 is about the smallest difference a viewer notices side by side. Measured here: 0.83 at
     * 2048 px and 0.46 at 1080 px, against 0.90 for the encoding.
     */
    @Test
    void aMasterDecodedAtTheDctScaleDiffersFromOneFromTheFullDecodeLessThanItsOwnEncodingDoes() throws IOException {
        Renderer full = new Renderer(new ConversionSettings(1, 1, List.of(Duration.ofSeconds(1)), List.of(100),
                List.of("jpeg"), 2048, List.of(), 90, 82, false));
        original = Files.createTempFile("renderer-test", ".jpg");
        Files.write(original, PhotoLike.jpeg(4800, 3200, 7));
        RenderedImage fast = RENDERER.render("p1", original).master();
        RenderedImage plain = full.render("p1", original).master();
        assertThat(fast.width()).isEqualTo(plain.width()).isEqualTo(2048);
        assertThat(fast.height()).isEqualTo(plain.height()).isEqualTo(1365);
        assertThat(fast.bytes()).as("a different decode").isNotEqualTo(plain.bytes());
        byte[] lossless;
        try (VipsImage image = VipsImage.thumbnail(original, ThumbnailOptions.fitInside(2048, 2048))) {
            lossless = image.save(SaveOptions.of(ImageFormat.PNG));
        }
        List<String> failures = new ArrayList<>();
        double[] decode = SharpReference.deltaE(fast.bytes(), plain.bytes(), 2048, "master", failures);
        double[] atRendition = SharpReference.deltaE(fast.bytes(), plain.bytes(), 1080, "at 1080 px", failures);
        double[] encoding = SharpReference.deltaE(plain.bytes(), lossless, 2048, "encoding", failures);
        System.out.printf("dE00 mean (max): scaled vs full decode %.3f (%.2f), at 1080 px %.3f (%.2f); "
                + "the Q90 encoding %.3f (%.2f)%n", decode[0], decode[1], atRendition[0], atRendition[1],
                encoding[0], encoding[1]);
        assertThat(failures).isEmpty();
        assertThat(decode[0]).as("mean dE00, scaled vs full decode").isLessThan(encoding[0]);
        assertThat(atRendition[0]).as("mean dE00 at 1080 px").isLessThan(0.6);
    }

    /**
     * The pyramid's bound. An output rendered (as the resizer renders: planned from the original's size, fast
     * shrink-on-load) from the 1280 px level, at the sizes the resizer takes from it (up to 1280 / 1.25 = 1024 px
     * long side), against the same output rendered from the original: CIEDE2000 mean under 1 (about the smallest
     * difference a viewer notices side by side) and at most 0.2 above what the 2048 px master gives at that size.
     * Measured on this grainy photo-like source, level / master: 320 px 0.49 / 0.41, 640 px 0.50 / 0.48, 800 px
     * 0.58 / 0.56, 1024 px 0.71 / 0.55 (the closer the output to the level's size, the more the level's own JPEG
     * shows: the 1.25 margin keeps that under 0.2).
     */
    @Test
    void anOutputFromTheSmallerMasterLooksLikeOneFromTheOriginalAsMuchAsOneFromTheMasterDoes() throws IOException {
        original = Files.createTempFile("renderer-test", ".jpg");
        Files.write(original, PhotoLike.jpeg(4800, 3200, 11));
        Renderer.Output out = RENDERER.render("p1", original);
        assertThat(out.levels()).singleElement().satisfies(level -> {
            assertThat(level.key()).isEqualTo("renditions/p1/master-1280.jpg");
            assertThat(level.width()).isEqualTo(1280);
            assertThat(level.height()).isEqualTo(853);
        });
        byte[] level = out.levels().get(0).bytes();
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder("output px: dE00 mean from the 1280 level / from the 2048 master");
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        for (int width : new int[] {320, 640, 800, 1024}) {
            // the output's size is planned from the original's, as the resizer plans it, whatever it renders from
            ThumbnailOptions options = ThumbnailOptions.exactly(width, (int) Math.round(width * 3200 / 4800.0))
                    .withFastShrinkOnLoad(true);
            byte[] fromOriginal;
            byte[] fromLevel;
            byte[] fromMaster;
            try (VipsImage a = VipsImage.thumbnail(original, options);
                    VipsImage b = VipsImage.thumbnail(level, options);
                    VipsImage c = VipsImage.thumbnail(out.master().bytes(), options)) {
                fromOriginal = a.save(SaveOptions.of(ImageFormat.PNG));
                fromLevel = b.save(SaveOptions.of(ImageFormat.PNG));
                fromMaster = c.save(SaveOptions.of(ImageFormat.PNG));
            }
            double levelDe = SharpReference.deltaE(fromLevel, fromOriginal, width, width + " px", failures)[0];
            double masterDe = SharpReference.deltaE(fromMaster, fromOriginal, width, width + " px", failures)[0];
            table.append(String.format("; %d: %.3f / %.3f", width, levelDe, masterDe));
            soft.assertThat(levelDe).as(width + " px from the level, against " + masterDe + " from the master")
                    .isLessThan(Math.min(1.0, masterDe + 0.2));
        }
        System.out.println(table);
        soft.assertAll();
        assertThat(failures).isEmpty();
    }

    @Test
    void noLevelIsMadeThatIsNotSmallerThanTheMaster() throws IOException {
        Renderer.Output out = render(PhotoLike.jpeg(1200, 800, 3));
        assertThat(out.master().width()).isEqualTo(1200);
        assertThat(out.levels()).isEmpty();
    }
}
