package dev.bmo.resizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.imageurls.ImageUrlSigner;
import dev.bmo.storage.testing.S3ProxyExtension;
import dev.bmo.testing.SharpReference;
import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.ThumbnailOptions;
import dev.bmo.vips.VipsImage;
import dev.bmo.vips.testing.TestPhotos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The resizer judged against sharp (the library behind ipx, from the npm registry, run by Node) over a corpus of
 * awkward images made here: all eight EXIF orientations, portrait and landscape; sRGB without a profile; Display
 * P3 and Adobe RGB (1998) tagged (the Adobe RGB-compatible profile of Debian's icc-profiles-free, in
 * {@code src/test/resources/icc}); CMYK with and without a profile; grey; 16-bit; RGBA PNG and WebP; a panorama;
 * 1x1. Each original is stored with its master and fetched at several sizes and formats
 * (from the master and from the original); sharp renders the same original at the same size. Same width and
 * height, alpha where sharp has it, and CIEDE2000 (libvips' {@code dE00}) on a comparison downsampled to 64 px:
 * mean under 2, max under 10 for every case (the figures in {@link #bound}). The table goes to
 * {@code target/sharp-reference.txt}.
 *
 * <p>Here the originals are stored as media stores them, with the master the converter makes (made here the same
 * way), so the whole corpus runs in seconds; the converter's {@code FleetIT} uploads a few of these cases (an
 * EXIF-rotated portrait, Display P3, RGBA PNG) through the real media and converter and fetches them from a real
 * resizer, against the same bounds.
 *
 * <p>sharp is installed once with npm into {@code ~/.cache/bmo/sharp-<version>} ({@code BMO_CACHE_DIR}); see
 * {@link SharpReference}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "BMO_RESIZER_SECRET=test-secret"})
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class SharpReferenceTest {

    @RegisterExtension
    static S3ProxyExtension s3 = new S3ProxyExtension();

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        s3.environment().forEach((k, v) -> registry.add(k, () -> v));
    }

    /** Both renders are downsampled to this width before the colour difference is taken. */
    static final int COMPARE_WIDTH = 64;
    static final ImageUrlSigner SIGNER = new ImageUrlSigner("test-secret");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Map<String, byte[]> CORPUS = new LinkedHashMap<>();
    static Path work;
    static double[] adobeIgnored;

    @LocalServerPort
    int port;

    @BeforeAll
    static void corpusAndSharp() throws Exception {
        dev.bmo.vips.Vips.start();
        work = Files.createTempDirectory("sharp-reference");
        for (int n = 1; n <= 8; n++) {
            CORPUS.put("orient" + n + "-landscape", TestPhotos.quadrants(800, 400, n));
            CORPUS.put("orient" + n + "-portrait", TestPhotos.quadrants(400, 800, n));
        }
        Path adobeProfile = work.resolve("compatibleWithAdobeRGB1998.icc");
        try (var in = SharpReferenceTest.class.getResourceAsStream("/icc/compatibleWithAdobeRGB1998.icc")) {
            Files.copy(in, adobeProfile);
        }
        try (VipsImage photo = smooth(1600, 1200, 3, 11);
                VipsImage p3 = photo.convertToProfile("p3");
                VipsImage adobe = photo.convertToProfile(adobeProfile.toString());
                VipsImage cmyk = photo.convertToProfile("cmyk");
                VipsImage cmykBare = cmyk.withoutMetadata(false);
                VipsImage grey = smooth(1000, 800, 1, 21);
                VipsImage deep = photo.colourspace("rgb16");
                VipsImage alpha = smooth(1200, 900, 4, 31);
                // its shapes as large against the rendered width as the photo's (16 across): with 100 px ones
                // (60x7) the 120-200 px renders held 2-px detail, noise at that scale, where any two resampling
                // chains differ (sharp from the master against sharp from the original: mean dE00 1.7)
                VipsImage panorama = smooth(6000, 700, 16, 2, 3, 41);
                VipsImage dot = VipsImage.solid(1, 1, 10, 120, 230)) {
            SaveOptions jpeg = SaveOptions.of(ImageFormat.JPEG).withQuality(95);
            SaveOptions icc = jpeg.withMetadata(SaveOptions.Metadata.KEEP_ICC);
            CORPUS.put("srgb-no-profile", photo.save(jpeg));
            CORPUS.put("display-p3", p3.save(icc));
            CORPUS.put("adobe-rgb", adobe.save(icc));
            try (VipsImage untagged = adobe.withoutMetadata(false)) {
                // the Adobe RGB pixels taken as sRGB (its profile ignored): how far off a render would be
                adobeIgnored = SharpReference.deltaE(untagged.save(jpeg), photo.save(jpeg), COMPARE_WIDTH,
                        "adobe-rgb untagged", new ArrayList<>());
            }
            CORPUS.put("cmyk-profile", cmyk.save(icc));
            CORPUS.put("cmyk-no-profile", cmykBare.save(icc));
            CORPUS.put("grey", grey.save(jpeg));
            CORPUS.put("16-bit-png", deep.save(SaveOptions.of(ImageFormat.PNG)));
            CORPUS.put("rgba-png", alpha.save(SaveOptions.of(ImageFormat.PNG)));
            CORPUS.put("rgba-webp", alpha.save(SaveOptions.of(ImageFormat.WEBP).withQuality(95)));
            CORPUS.put("panorama", panorama.save(jpeg));
            CORPUS.put("1x1", dot.save(SaveOptions.of(ImageFormat.PNG)));
        }
        for (Map.Entry<String, byte[]> e : CORPUS.entrySet()) {
            byte[] bytes = e.getValue();
            Files.write(work.resolve(e.getKey()), bytes);
            dev.bmo.vips.ImageHeader header = VipsImage.inspect(bytes);
            Map<String, String> meta = Map.of("width", Integer.toString(header.uprightWidth()),
                    "height", Integer.toString(header.uprightHeight()), "alpha", Boolean.toString(header.hasAlpha()));
            s3.store().put("originals/" + e.getKey(), bytes, "application/octet-stream", meta);
            s3.store().put("renditions/" + e.getKey() + "/master." + (header.hasAlpha() ? "webp" : "jpg"),
                    TestImages.masterOf(bytes), "image/" + (header.hasAlpha() ? "webp" : "jpeg"), Map.of());
        }
    }

    /**
     * Photo-like content without the noise that makes every resampler differ: smooth gradients and shapes. Seeded,
     * so every run judges the same corpus.
     */
    static VipsImage smooth(int width, int height, int bands, int seed) {
        return smooth(width, height, Math.max(1, width / 100), Math.max(1, height / 100), bands, seed);
    }

    /** {@link #smooth} with {@code across x down} shapes. */
    static VipsImage smooth(int width, int height, int across, int down, int bands, int seed) {
        try (VipsImage noise = VipsImage.noise(across, down, bands, seed)) {
            try (VipsImage big = noise.thumbnail(ThumbnailOptions.exactly(width, height)
                    .withSize(ThumbnailOptions.Size.FORCE).withToSrgb(false))) {
                return big.inMemory(); // with 4 bands the alpha follows the noise too
            }
        }
    }

    record Case(String name, int width, String format) {
    }

    @Test
    void rendersMatchSharpWithinTheColourDifferenceBounds() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (String name : CORPUS.keySet()) {
            cases.add(new Case(name, 300, "png"));
            cases.add(new Case(name, 120, "webp"));
            cases.add(new Case(name, 200, "jpeg"));
            if (!name.startsWith("orient")) {
                cases.add(new Case(name, 2500, "png")); // larger than the master: from the original
            }
        }
        List<SharpReference.Job> jobs = new ArrayList<>();
        for (Case c : cases) {
            jobs.add(new SharpReference.Job(work.resolve(c.name()), sharpOutput(c), c.width(), c.format()));
        }
        SharpReference.render(work, jobs);

        StringBuilder table = new StringBuilder(String.format("%-24s %5s %-5s %-8s %9s %9s %s%n", "case", "w", "fmt",
                "source", "mean dE00", "max dE00", "size"));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + SIGNER.signedPath("originals/" + c.name(), Map.of("w", Integer.toString(c.width()),
                            "fmt", c.format())))).build(), HttpResponse.BodyHandlers.ofByteArray());
            String what = c.name() + " w=" + c.width() + " " + c.format();
            assertThat(r.statusCode()).as(what).isEqualTo(200);
            byte[] reference = Files.readAllBytes(sharpOutput(c));
            double[] dE = SharpReference.deltaE(r.body(), reference, COMPARE_WIDTH, what, failures);
            table.append(String.format("%-24s %5d %-5s %-8s %9.2f %9.2f %s%n", c.name(), c.width(), c.format(),
                    r.headers().firstValue("X-Resizer-Source").orElse("?"), dE[0], dE[1], size(r.body())));
            double[] bound = bound(c);
            if (dE[0] >= bound[0] || dE[1] >= bound[1]) {
                failures.add(what + String.format(": mean dE00 %.2f, max %.2f (bounds %.1f, %.1f)", dE[0], dE[1],
                        bound[0], bound[1]));
            }
        }
        table.append(String.format("(adobe-rgb with its profile ignored: mean dE00 %.2f, max %.2f from the sRGB photo)%n",
                adobeIgnored[0], adobeIgnored[1]));
        assertThat(adobeIgnored[0]).as("the Adobe RGB case tells a render that ignores the profile").isGreaterThan(2);
        Files.writeString(Path.of("target", "sharp-reference.txt"), table);
        System.out.println(table);
        assertThat(failures).as(table.toString()).isEmpty();
    }

    /**
     * Mean and max bounds: 2 and 10, as the issue asks, for every case. Measured 2026-12-01 (seeded corpus, sharp
     * 0.33.5 = libvips 8.15.3, lcms 2.16, libwebp 1.4.0, against Debian's libvips 8.14.1, lcms 2.14, libwebp
     * 1.2.4), the relaxed bounds this test had before are gone:
     * <ul>
     * <li>CMYK (with and without a profile) was mean 2.05-2.87, max 6.1-13.9: vips_thumbnail's ICC transform
     * has no black point compensation and sharp's has; the ICC transform is now sharp's (perceptual, with
     * black point compensation, before the resize): mean 0.19-1.36, max 1.5-9.7.
     * <li>Lossy WebP at 120 px (max up to 14 then, bound 16) runs closest to the max bound (9.4-9.96 for the
     * photo-like sources): not the encoder (libvips 8.14's webpsave turns sharp's own 120 px PNG into exactly
     * sharp's WebP, dE00 0), but lossy WebP itself at that size (2.3 mean, 12 max from its own lossless
     * source), which turns the small input differences (0.25 mean in PNG) into larger ones at a few pixels.
     * <li>The panorama at 14-23 px high (mean 3.1-3.4, max 13-15, bound 5/18): its shapes were 2 px wide at
     * those sizes, detail at the scale where any two resampling chains differ (sharp from the master against
     * sharp from the original: mean 1.7; this resizer from the original: 0.4). With shapes as large against
     * the width as the photo's: mean 0.3-1.5, max 2.3-8.7.
     * </ul>
     */
    static double[] bound(Case c) {
        return new double[] {2, 10};
    }

    private static Path sharpOutput(Case c) {
        return work.resolve(c.name() + "-" + c.width() + "." + c.format());
    }

    private static String size(byte[] encoded) {
        dev.bmo.vips.ImageHeader h = VipsImage.inspect(encoded);
        return h.width() + "x" + h.height() + "x" + h.bands();
    }
}
