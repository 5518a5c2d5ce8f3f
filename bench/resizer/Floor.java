import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.NativeBytes;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.ThumbnailOptions;
import dev.bmo.vips.Vips;
import dev.bmo.vips.VipsBuffer;
import dev.bmo.vips.VipsImage;
import dev.bmo.vips.VipsSettings;
import dev.bmo.vips.VipsThreads;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The floor: libvips' own cost for the work the resizer asks of it, through the binding and nothing else (no
 * HTTP, S3, cache or Spring). The same calls as the resizer's renderer: bytes in native memory, shrink-on-load
 * thumbnail to the exact size, sRGB, JPEG with metadata stripped; the same request mix (widths x qualities x
 * images); one libvips thread per core, as the resizer runs. Prints images/s and CPU ms per image.
 *
 * <pre>java -cp VIPS_CLASSPATH bench/resizer/Floor.java LABEL SECONDS FAST(true|false) IMAGE...</pre>
 */
public class Floor {

    public static void main(String[] args) throws Exception {
        String label = args[0];
        double seconds = Double.parseDouble(args[1]);
        boolean fast = Boolean.parseBoolean(args[2]);
        List<byte[]> images = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            images.add(Files.readAllBytes(Path.of(args[i])));
        }
        // the resizer's URL mix of scenarios (a)/(b): w 780..820 x q 60..99 x image, 4:3 sources to width w
        List<int[]> work = new ArrayList<>();
        for (int q = 60; q <= 99; q++) {
            for (int w = 780; w <= 820; w++) {
                for (int i = 0; i < images.size(); i++) {
                    work.add(new int[] {i, w, q});
                }
            }
        }
        Vips.start(VipsSettings.serverDefaults());
        int threads = Runtime.getRuntime().availableProcessors();
        ThreadPoolExecutor pool = VipsThreads.fixedPool("floor", threads, work.size());
        run(pool, images, work, fast, 5); // warm-up: JIT, libvips' lazy start-up, malloc arenas
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        int done = 0;
        while (System.nanoTime() - t0 < seconds * 1e9) {
            done += run(pool, images, work.subList(done % work.size(), Math.min(work.size(),
                    done % work.size() + threads * 4)), fast, threads * 4);
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
        System.out.printf("%-44s images=%d rps=%.1f cpu_ms=%.2f%n", label, done, done / elapsed, cpuMs / done);
        pool.shutdown();
    }

    private static int run(ThreadPoolExecutor pool, List<byte[]> images, List<int[]> work, boolean fast, int n)
            throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        for (int k = 0; k < Math.min(n, work.size()); k++) {
            int[] job = work.get(k);
            byte[] source = images.get(job[0]);
            results.add(pool.submit(() -> render(source, job[1], job[2], fast)));
        }
        for (Future<Integer> result : results) {
            result.get();
        }
        return results.size();
    }

    private static int render(byte[] source, int width, int quality, boolean fast) throws Exception {
        NativeBytes bytes = NativeBytes.read(new ByteArrayInputStream(source), source.length);
        try (VipsBuffer buffer = VipsBuffer.adopt(bytes);
                VipsImage header = buffer.load()) {
            int height = (int) Math.round((double) header.height() * width / header.width());
            try (VipsImage thumb = buffer.thumbnail(ThumbnailOptions.exactly(width, height)
                    .withFastShrinkOnLoad(fast))) {
                return thumb.save(SaveOptions.of(ImageFormat.JPEG).withQuality(quality)).length;
            }
        }
    }
}
