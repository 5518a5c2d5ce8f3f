package dev.bmo.resizer.config;

import dev.bmo.vips.Gravity;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The resizer's settings; each comes from a {@code BMO_RESIZER_...} variable (see application.yml and the
 * README's configuration table).
 *
 * @param secret              HMAC key of signed URLs (never logged)
 * @param unsigned            accept requests without a valid signature (local development only)
 * @param cacheMaxBytes       bytes of encoded results the in-memory cache may hold
 * @param cacheMaxAge         seconds for {@code Cache-Control: max-age} on successful renders
 * @param renderThreads       concurrent renders; 0 means one per core
 * @param queueSize           renders allowed to wait for a thread; 0 means four per render thread
 * @param deadline            per-request deadline, queueing and rendering included
 * @param maxDimension        largest output side in pixels
 * @param maxSourceMegapixels largest source, checked from its header before decoding
 * @param maxSourceBytes      largest source object fetched from S3
 * @param sourceCacheMaxBytes native memory for source bytes fetched in the last {@code sourceCacheTtl} (0: off),
 *                            so a burst of sizes of a fresh photo reads it from S3 once
 * @param sourceCacheTtl      how long fetched source bytes are kept
 * @param masterLevels        long sides of the converter's smaller masters (BMO_MASTER_LEVELS, the converter's too)
 * @param masterQuality       JPEG quality of the converter's masters (BMO_MASTER_QUALITY, the converter's too), for
 *                            a master this service makes while the converter has not yet
 * @param defaultQuality      encoder quality when the URL gives none
 * @param vipsConcurrency     libvips threads inside one render
 * @param fastShrinkOnLoad    decode JPEGs at the smallest DCT scale that covers the output (faster; libvips'
 *                            own choice decodes up to 4x the pixels for a slightly crisper result)
 * @param watermarkPath       logo image file; empty means the bundled BMO logo
 * @param watermarkGravity    corner of the logo: north-west, north-east, south-west, south-east
 * @param watermarkOpacity    0..1
 */
@ConfigurationProperties("bmo.resizer")
public record ResizerProperties(String secret, boolean unsigned, long cacheMaxBytes, long cacheMaxAge,
        int renderThreads, int queueSize, Duration deadline, int maxDimension, int maxSourceMegapixels,
        long maxSourceBytes, long sourceCacheMaxBytes, Duration sourceCacheTtl, List<Integer> masterLevels, int masterQuality,
        int defaultQuality, int vipsConcurrency, boolean fastShrinkOnLoad, String watermarkPath,
        String watermarkGravity, double watermarkOpacity) {

    public ResizerProperties {
        masterLevels = masterLevels == null ? List.of() : List.copyOf(masterLevels);
        if (sourceCacheMaxBytes < 0 || sourceCacheTtl == null || sourceCacheTtl.isNegative()) {
            throw new IllegalArgumentException("BMO_RESIZER_SOURCE_CACHE_MAX_BYTES and _TTL must not be negative");
        }
        if (cacheMaxBytes < 0 || renderThreads < 0 || queueSize < 0 || maxDimension < 1 || maxSourceMegapixels < 1
                || maxSourceBytes < 1 || vipsConcurrency < 1) {
            throw new IllegalArgumentException("resizer limits must be positive (cache and thread counts may be 0)");
        }
        if (masterQuality < 1 || masterQuality > 100) {
            throw new IllegalArgumentException("BMO_MASTER_QUALITY must be 1..100");
        }
        if (defaultQuality < 1 || defaultQuality > 100) {
            throw new IllegalArgumentException("BMO_RESIZER_DEFAULT_QUALITY must be 1..100");
        }
        if (watermarkOpacity < 0 || watermarkOpacity > 1) {
            throw new IllegalArgumentException("BMO_RESIZER_WATERMARK_OPACITY must be 0..1");
        }
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("BMO_RESIZER_DEADLINE must be positive");
        }
        corner(watermarkGravity);
    }

    public int effectiveRenderThreads() {
        return renderThreads > 0 ? renderThreads : Runtime.getRuntime().availableProcessors();
    }

    public int effectiveQueueSize() {
        return queueSize > 0 ? queueSize : 4 * effectiveRenderThreads();
    }

    public Gravity watermarkCorner() {
        return corner(watermarkGravity);
    }

    private static Gravity corner(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "north-west" -> Gravity.NORTH_WEST;
            case "north-east" -> Gravity.NORTH_EAST;
            case "south-west" -> Gravity.SOUTH_WEST;
            case "south-east" -> Gravity.SOUTH_EAST;
            default -> throw new IllegalArgumentException(
                    "BMO_RESIZER_WATERMARK_GRAVITY must be north-west, north-east, south-west or south-east, not '"
                            + name + "'");
        };
    }

    /** Never print the secret. */
    @Override
    public String toString() {
        return "ResizerProperties[unsigned=" + unsigned + ", cacheMaxBytes=" + cacheMaxBytes + ", renderThreads="
                + effectiveRenderThreads() + ", queueSize=" + effectiveQueueSize() + ", deadline=" + deadline
                + ", maxDimension=" + maxDimension + "]";
    }
}
