package dev.bmo.testing;

import dev.bmo.vips.ImageHeader;
import dev.bmo.vips.ThumbnailOptions;
import dev.bmo.vips.VipsImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * sharp (the library behind ipx, from the npm registry, run by Node) as the reference renderer of the fidelity
 * tests, and the colour difference they judge by. sharp is installed once with npm into
 * {@code ~/.cache/bmo/sharp-<version>} ({@code BMO_CACHE_DIR}).
 *
 * <p>sharp's rendering of a job: {@code sharp(in).rotate().resize({width, withoutEnlargement: true})}, JPEG
 * flattened onto white at quality 82, WebP at quality 82, or PNG; sRGB.
 */
public final class SharpReference {

    public static final String VERSION = "0.33.5";

    private SharpReference() {
    }

    /** One rendering: {@code in} resized to {@code width} as {@code format} (png, webp, jpeg) into {@code out}. */
    public record Job(Path in, Path out, int width, String format) {
    }

    /** The sharp installation (installed on first use). */
    public static Path install() throws IOException, InterruptedException {
        String cache = System.getenv().getOrDefault("BMO_CACHE_DIR", System.getProperty("user.home") + "/.cache/bmo");
        Path dir = Path.of(cache, "sharp-" + VERSION);
        if (!Files.isDirectory(dir.resolve("node_modules/sharp"))) {
            Files.createDirectories(dir);
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefer-offline",
                    "sharp@" + VERSION).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("npm.log").toFile()).start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm install sharp@" + VERSION + " failed: see " + dir.resolve("npm.log"));
            }
        }
        return dir;
    }

    /** Renders the jobs with sharp in one Node process (scripts and the job list go to {@code workDir}). */
    public static void render(Path workDir, List<Job> jobs) throws IOException, InterruptedException {
        Path sharp = install();
        StringBuilder json = new StringBuilder("[");
        for (Job j : jobs) {
            json.append(json.length() > 1 ? "," : "").append(String.format(
                    "{\"in\":\"%s\",\"out\":\"%s\",\"width\":%d,\"format\":\"%s\"}", j.in(), j.out(), j.width(),
                    j.format()));
        }
        Path list = workDir.resolve("sharp-jobs.json");
        Files.writeString(list, json.append("]"));
        Path script = workDir.resolve("sharp-render.js");
        Files.writeString(script, """
                const sharp = require(process.argv[2] + '/node_modules/sharp');
                const jobs = require(process.argv[3]);
                (async () => {
                  for (const j of jobs) {
                    let p = sharp(j.in).rotate().resize({ width: j.width, withoutEnlargement: true });
                    if (j.format === 'jpeg') p = p.flatten({ background: '#ffffff' }).jpeg({ quality: 82 });
                    else if (j.format === 'webp') p = p.webp({ quality: 82 });
                    else p = p.png();
                    await p.toColourspace('srgb').toFile(j.out);
                  }
                })().catch(e => { console.error(e); process.exit(1); });
                """);
        Process node = new ProcessBuilder("node", script.toString(), sharp.toString(), list.toString())
                .redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes());
        if (!node.waitFor(2, TimeUnit.MINUTES) || node.exitValue() != 0) {
            node.destroyForcibly();
            throw new IllegalStateException("sharp failed: " + output);
        }
    }

    /**
     * Mean and max CIEDE2000 (libvips' {@code dE00}) of two encoded images, both flattened onto white and
     * downsampled to {@code compareWidth} px wide (the height in proportion, at least 1). Differences of shape
     * (width, height, alpha present) are added to {@code failures}.
     */
    public static double[] deltaE(byte[] ours, byte[] theirs, int compareWidth, String what, List<String> failures) {
        ImageHeader a = VipsImage.inspect(ours);
        ImageHeader b = VipsImage.inspect(theirs);
        if (a.width() != b.width() || a.height() != b.height()) {
            failures.add(what + ": " + a.width() + "x" + a.height() + ", sharp " + b.width() + "x" + b.height());
        }
        if (a.hasAlpha() != b.hasAlpha()) {
            failures.add(what + ": alpha " + a.hasAlpha() + ", sharp " + b.hasAlpha());
        }
        int w = Math.max(1, Math.min(compareWidth, b.width()));
        int h = Math.max(1, (int) Math.round((double) b.height() * w / b.width()));
        try (VipsImage x = small(ours, w, h); VipsImage y = small(theirs, w, h); VipsImage d = x.deltaE00(y)) {
            return new double[] {d.average(), d.max()};
        }
    }

    private static VipsImage small(byte[] encoded, int w, int h) {
        try (VipsImage image = VipsImage.fromBuffer(encoded); VipsImage flat = image.flatten(255, 255, 255);
                VipsImage srgb = flat.colourspace("srgb");
                VipsImage resized = srgb.thumbnail(ThumbnailOptions.exactly(w, h).withToSrgb(false))) {
            return resized.inMemory();
        }
    }
}
