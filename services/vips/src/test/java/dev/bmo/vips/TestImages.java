package dev.bmo.vips;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test images made with libvips itself: noise (photo-like entropy) encoded as JPEG, cached per size. */
final class TestImages {

    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private TestImages() {
    }

    static byte[] jpeg(int width, int height) {
        return CACHE.computeIfAbsent("jpeg" + width + "x" + height, k -> {
            try (VipsImage noise = VipsImage.noise(width, height, 3)) {
                return noise.save(SaveOptions.of(ImageFormat.JPEG).withQuality(85));
            }
        }).clone();
    }

    static byte[] png(int width, int height, double... colour) {
        try (VipsImage solid = VipsImage.solid(width, height, colour)) {
            return solid.save(SaveOptions.of(ImageFormat.PNG));
        }
    }

    static byte[] truncated(byte[] image) {
        return Arrays.copyOf(image, image.length / 2);
    }

    static long rssKiB() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
