package dev.bmo.vips;

import java.util.List;

/**
 * Process-wide libvips settings, applied once by {@link Vips#start(VipsSettings)}.
 *
 * @param concurrency        threads libvips uses inside one operation (its worker pool per pipeline); 1 suits a
 *                           server that runs one render per core
 * @param cacheMaxOperations size of libvips' operation cache; 0 turns it off (a server decoding new bytes each
 *                           time gains nothing from it and it holds memory)
 * @param cacheMaxMemoryBytes memory the operation cache may hold
 * @param blockUntrusted     block loaders libvips marks untrusted (ImageMagick, PDF, SVG, ...)
 * @param allowedLoaders     if not empty, every loader is blocked except these operation classes (for example
 *                           {@code VipsForeignLoadJpeg}); empty leaves the loaders as {@code blockUntrusted} says
 */
public record VipsSettings(int concurrency, int cacheMaxOperations, long cacheMaxMemoryBytes,
        boolean blockUntrusted, List<String> allowedLoaders) {

    /** The loaders a photo service needs: JPEG, PNG, WebP, HEIF/AVIF, GIF and TIFF. */
    public static final List<String> PHOTO_LOADERS = List.of("VipsForeignLoadJpeg", "VipsForeignLoadPng",
            "VipsForeignLoadWebp", "VipsForeignLoadHeif", "VipsForeignLoadNsgif",
            "VipsForeignLoadTiff");

    public VipsSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("libvips concurrency must be at least 1, was " + concurrency);
        }
        if (cacheMaxOperations < 0 || cacheMaxMemoryBytes < 0) {
            throw new IllegalArgumentException("libvips cache limits must not be negative");
        }
        allowedLoaders = List.copyOf(allowedLoaders);
    }

    /** Server defaults: concurrency 1, operation cache off, untrusted loaders blocked, photo loaders only. */
    public static VipsSettings serverDefaults() {
        return new VipsSettings(1, 0, 0, true, PHOTO_LOADERS);
    }

    public VipsSettings withConcurrency(int threads) {
        return new VipsSettings(threads, cacheMaxOperations, cacheMaxMemoryBytes, blockUntrusted, allowedLoaders);
    }

    public VipsSettings withCache(int maxOperations, long maxMemoryBytes) {
        return new VipsSettings(concurrency, maxOperations, maxMemoryBytes, blockUntrusted, allowedLoaders);
    }
}
