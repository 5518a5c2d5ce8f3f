package dev.bmo.converter.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.Vips;
import dev.bmo.vips.VipsImage;
import dev.bmo.vips.VipsSettings;
import dev.bmo.vips.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The converter's libvips work on real images: what the master and the renditions keep of the original. */
class RendererTest {

    static final Renderer RENDERER = new Renderer(new ConversionSettings(1, 1, List.of(Duration.ofSeconds(1)),
            List.of(100, 300), List.of("jpeg", "webp", "png"), 2048, 90, 82));

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
}
