package dev.bmo.resizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bmo.imageurls.ImageUrlSigner;
import dev.bmo.storage.ObjectStore;
import dev.bmo.storage.testing.S3ProxyExtension;
import dev.bmo.vips.ImageHeader;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.VipsImage;
import dev.bmo.vips.testing.TestPhotos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Image fidelity through the whole resizer (real HTTP, S3Proxy, libvips), from the original and from its
 * master: orientation, colour, transparency, metadata. Originals are stored as media stores them (upright
 * sizes in the metadata), masters as the converter makes them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "BMO_RESIZER_SECRET=test-secret"})
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class FidelityTest {

    @RegisterExtension
    static S3ProxyExtension s3 = new S3ProxyExtension();

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        s3.environment().forEach((k, v) -> registry.add(k, () -> v));
    }

    static final ImageUrlSigner SIGNER = new ImageUrlSigner("test-secret");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @BeforeAll
    static void upload() {
        ObjectStore store = s3.store();
        for (int n = 1; n <= 8; n++) {
            byte[] jpeg = TestPhotos.quadrants(400, 200, n);
            Map<String, String> upright = Map.of("width", n >= 5 ? "200" : "400", "height", n >= 5 ? "400" : "200");
            store.put("originals/orient" + n, jpeg, "image/jpeg", upright);
            store.put("originals/orient-m" + n, jpeg, "image/jpeg", upright);
            store.put("renditions/orient-m" + n + "/master.jpg", TestImages.masterOf(jpeg), "image/jpeg", Map.of());
        }
    }

    /** Colour sources: name to encoded bytes (each 640x480 of one colour). */
    static final Map<String, byte[]> COLOUR_SOURCES = new java.util.LinkedHashMap<>();

    static {
        dev.bmo.vips.Vips.start();
        try (VipsImage blue = VipsImage.solid(640, 480, 0, 0, 254);
                VipsImage red = VipsImage.solid(640, 480, 254, 0, 0);
                VipsImage orange = VipsImage.solid(640, 480, 200, 60, 30);
                VipsImage p3 = orange.convertToProfile("p3");
                VipsImage p3Blue = blue.convertToProfile("p3");
                VipsImage cmyk = orange.convertToProfile("cmyk");
                VipsImage cmykBare = cmyk.withoutMetadata(false);
                VipsImage grey = VipsImage.solid(640, 480, 77);
                VipsImage deep = orange.colourspace("rgb16")) {
            SaveOptions jpeg = SaveOptions.of(dev.bmo.vips.ImageFormat.JPEG).withQuality(95);
            SaveOptions icc = jpeg.withMetadata(SaveOptions.Metadata.KEEP_ICC);
            COLOUR_SOURCES.put("blue", blue.save(jpeg));
            COLOUR_SOURCES.put("red", red.save(jpeg));
            COLOUR_SOURCES.put("p3", p3.save(icc));
            COLOUR_SOURCES.put("p3-blue", p3Blue.save(icc));
            COLOUR_SOURCES.put("cmyk", cmyk.save(icc));
            COLOUR_SOURCES.put("cmyk-bare", cmykBare.save(icc));
            COLOUR_SOURCES.put("grey", grey.save(jpeg));
            COLOUR_SOURCES.put("rgb16", deep.save(SaveOptions.of(dev.bmo.vips.ImageFormat.PNG)));
        }
    }

    @BeforeAll
    static void uploadColours() {
        ObjectStore store = s3.store();
        COLOUR_SOURCES.forEach((name, bytes) -> {
            Map<String, String> size = Map.of("width", "640", "height", "480");
            store.put("originals/colour-" + name, bytes, "image/jpeg", size);
            store.put("originals/colour-m-" + name, bytes, "image/jpeg", size);
            store.put("renditions/colour-m-" + name + "/master.jpg", TestImages.masterOf(bytes), "image/jpeg", Map.of());
        });
    }

    @BeforeAll
    static void uploadTranslucent() {
        ObjectStore store = s3.store();
        byte[] png;
        try (VipsImage translucent = VipsImage.solid(3000, 2000, 40, 90, 200, 128)) {
            png = translucent.save(SaveOptions.of(dev.bmo.vips.ImageFormat.PNG));
        }
        Map<String, String> meta = Map.of("width", "3000", "height", "2000", "alpha", "true");
        store.put("originals/alpha", png, "image/png", meta);
        store.put("renditions/alpha/master.webp", TestImages.masterOf(png), "image/webp", Map.of());
        // converted before masters kept alpha: its JPEG master must not be used for it
        store.put("originals/alpha-legacy", png, "image/png", meta);
        store.put("renditions/alpha-legacy/master.jpg", TestImages.masterOf(TestImages.solidJpeg(3000, 2000, 1, 2,
                3)), "image/jpeg", Map.of());
    }

    @BeforeAll
    static void uploadMetadata() {
        byte[] jpeg = TestImages.withEveryKindOfMetadata();
        assertThat(TestImages.metadataIn(jpeg)).contains("exif-data", "xmp-data", "iptc-data", "icc-profile-data",
                "exif-ifd3-GPSLatitude", "51,30.2N", "Lovelace", "London");
        Map<String, String> meta = Map.of("width", "800", "height", "1200", "photographer", "Ada");
        s3.store().put("originals/meta", jpeg, "image/jpeg", meta);
        s3.store().put("originals/meta-m", jpeg, "image/jpeg", meta);
        s3.store().put("renditions/meta-m/master.jpg", TestImages.masterOf(jpeg), "image/jpeg", Map.of());
    }

    @AfterAll
    static void noImageLeftOpen() {
        assertThat(VipsImage.openImages()).isZero();
    }

    HttpResponse<byte[]> signed(String key, Map<String, String> params) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + SIGNER.signedPath(key, params))).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void everyExifOrientationComesOutUprightWithItsAspectRatioFromOriginalAndMaster() throws Exception {
        for (int n = 1; n <= 8; n++) {
            boolean portrait = n >= 5;
            for (String key : new String[] {"originals/orient" + n, "originals/orient-m" + n}) {
                boolean hasMaster = key.contains("-m");
                for (Map<String, String> params : java.util.List.of(Map.of("w", "100"), Map.<String, String>of(),
                        Map.of("w", "100", "h", "100", "fit", "cover"))) {
                    HttpResponse<byte[]> r = signed(key, params);
                    String what = key + " " + params;
                    assertThat(r.statusCode()).as(what).isEqualTo(200);
                    assertThat(r.headers().firstValue("X-Resizer-Source")).as(what)
                            .contains(hasMaster ? "master" : "original");
                    ImageHeader header = VipsImage.inspect(r.body());
                    int expectedW = params.containsKey("h") ? 100 : params.containsKey("w") ? 100
                            : portrait ? 200 : 400;
                    int expectedH = params.containsKey("h") ? 100 : params.containsKey("w") ? (portrait ? 200 : 50)
                            : portrait ? 400 : 200;
                    assertThat(header.width()).as(what).isEqualTo(expectedW);
                    assertThat(header.height()).as(what).isEqualTo(expectedH);
                    assertThat(header.orientation()).as(what).isEqualTo(1);
                    if (!params.containsKey("h")) {
                        assertUpright(r.body(), n, what);
                    }
                }
            }
        }
    }

    @Test
    void originalAndMasterRendersOfTheSameRequestAgreeAndPlainSourcesKeepTheirExactColours() throws Exception {
        for (String name : COLOUR_SOURCES.keySet()) {
            for (String fmt : new String[] {"png", "jpeg", "webp"}) {
                Map<String, String> params = Map.of("w", "100", "fmt", fmt);
                HttpResponse<byte[]> original = signed("originals/colour-" + name, params);
                HttpResponse<byte[]> master = signed("originals/colour-m-" + name, params);
                assertThat(original.headers().firstValue("X-Resizer-Source")).contains("original");
                assertThat(master.headers().firstValue("X-Resizer-Source")).contains("master");
                double[] fromOriginal = TestImages.pixelAt(original.body(), 0.5, 0.5);
                double[] fromMaster = TestImages.pixelAt(master.body(), 0.5, 0.5);
                String what = name + " " + fmt + ": original " + java.util.Arrays.toString(fromOriginal)
                        + ", master " + java.util.Arrays.toString(fromMaster);
                assertThat(fromOriginal).as(what).hasSize(3);
                assertThat(fromMaster).as(what).containsExactly(fromOriginal, within(3.0));
                double[] source = switch (name) {
                    case "blue" -> new double[] {0, 0, 254};
                    case "red" -> new double[] {254, 0, 0};
                    case "grey" -> new double[] {77, 77, 77};
                    case "rgb16", "p3" -> new double[] {200, 60, 30};
                    default -> null;
                };
                if (source != null) {
                    assertThat(fromOriginal).as(what).containsExactly(source, within(fmt.equals("png") ? 2.0 : 4.0));
                }
            }
        }
    }

    @Test
    void aSourceWithAlphaKeepsItAtEverySizeAndJpegsAreFlattenedOntoWhite() throws Exception {
        double[] translucent = {40, 90, 200, 128};
        double[] onWhite = {147, 172, 227};
        for (String width : new String[] {"300", "2500"}) {
            for (String fmt : new String[] {"png", "webp", "jpeg"}) {
                for (String key : new String[] {"originals/alpha", "originals/alpha-legacy"}) {
                    HttpResponse<byte[]> r = signed(key, Map.of("w", width, "fmt", fmt));
                    String what = key + " w=" + width + " " + fmt;
                    assertThat(r.statusCode()).as(what).isEqualTo(200);
                    String source = width.equals("300") && key.equals("originals/alpha") ? "master" : "original";
                    assertThat(r.headers().firstValue("X-Resizer-Source")).as(what).contains(source);
                    assertThat(TestImages.pixelAt(r.body(), 0.5, 0.5)).as(what)
                            .containsExactly(fmt.equals("jpeg") ? onWhite : translucent, within(4.0));
                }
            }
        }
        // contain padding of a source with alpha stays transparent too
        HttpResponse<byte[]> padded = signed("originals/alpha", Map.of("w", "300", "h", "300", "fit", "contain",
                "fmt", "png"));
        assertThat(TestImages.pixelAt(padded.body(), 0.5, 0.02)[3]).isZero();
        assertThat(TestImages.pixelAt(padded.body(), 0.5, 0.5)).containsExactly(translucent, within(4.0));
    }

    @Test
    void outputsCarryNoExifXmpIptcOrProfileAndNoGpsInAnyFormat() throws Exception {
        for (String key : new String[] {"originals/meta", "originals/meta-m"}) {
            for (String fmt : new String[] {"jpeg", "webp", "png", "avif"}) {
                for (Map<String, String> params : java.util.List.of(Map.of("w", "400", "fmt", fmt),
                        Map.of("w", "400", "fmt", fmt, "wm", "1"))) {
                    HttpResponse<byte[]> r = signed(key, params);
                    String what = key + " " + params;
                    assertThat(r.statusCode()).as(what).isEqualTo(200);
                    assertThat(TestImages.metadataIn(r.body())).as(what).isEmpty();
                    ImageHeader header = VipsImage.inspect(r.body());
                    assertThat(java.util.List.of(header.width(), header.height())).as(what).containsExactly(400, 600);
                }
            }
        }
        assertThat(TestImages.metadataIn(TestImages.masterOf(TestImages.withEveryKindOfMetadata()))).isEmpty();
    }

    @Test
    void anAnimatedGifRendersItsFirstFrameAndEmojiAttributionsRenderInColour() throws Exception {
        byte[] gif = TestPhotos.animatedGif(600, 400, java.awt.Color.RED, java.awt.Color.BLUE);
        s3.store().put("originals/gif", gif, "image/gif", Map.of("width", "600", "height", "400",
                "photographer", "Zoë 📷🌍"));
        HttpResponse<byte[]> r = signed("originals/gif", Map.of("w", "300", "fmt", "png"));
        assertThat(r.statusCode()).isEqualTo(200);
        ImageHeader header = VipsImage.inspect(r.body());
        assertThat(java.util.List.of(header.width(), header.height())).containsExactly(300, 200);
        assertThat(TestImages.pixelAt(r.body(), 0.5, 0.5)).containsExactly(new double[] {255, 0, 0}, within(3.0));
        // the attribution's emoji keep their colours on the red frame: look for green or blue pixels (the globe)
        HttpResponse<byte[]> marked = signed("originals/gif", Map.of("w", "600", "fmt", "png", "wm", "1"));
        int notRed = 0;
        try (VipsImage image = VipsImage.fromBuffer(marked.body()); VipsImage pixels = image.inMemory()) {
            for (int y = 300; y < 400; y += 2) {
                for (int x = 0; x < 300; x += 2) {
                    double[] p = pixels.pixel(x, y);
                    if (p[1] > 100 && p[1] > p[0] || p[2] > 100 && p[2] > p[0]) {
                        notRed++;
                    }
                }
            }
        }
        assertThat(notRed).as("green/blue emoji pixels in the attribution").isGreaterThan(10);
    }

    private static void assertUpright(byte[] encoded, int orientation, String what) {
        for (double[] p : new double[][] {{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}}) {
            double[] expected = TestPhotos.QUADRANTS[TestPhotos.storedQuadrant(orientation, p[0], p[1])];
            double[] actual = TestImages.pixelAt(encoded, p[0], p[1]);
            for (int b = 0; b < 3; b++) {
                assertThat(actual[b]).as("%s at %s band %d", what, java.util.Arrays.toString(p), b)
                        .isCloseTo(expected[b], within(14.0));
            }
        }
    }
}
