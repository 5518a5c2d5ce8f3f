package dev.bmo.resizer.serving;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bmo.resizer.render.Geometry;
import dev.bmo.resizer.render.RenderSpec;
import dev.bmo.resizer.render.Rendered;
import dev.bmo.resizer.render.Renderer;
import dev.bmo.resizer.source.OriginalInfo;
import dev.bmo.resizer.source.SourceStore;
import dev.bmo.resizer.source.UnprocessableSourceException;
import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.ImageHeader;
import dev.bmo.vips.NativeBytes;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.ThumbnailOptions;
import dev.bmo.vips.VipsBuffer;
import dev.bmo.vips.VipsException;
import dev.bmo.vips.VipsImage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves renders: a byte-bounded cache of encoded results, coalescing of identical concurrent requests into one
 * render, admission control (a fixed pool of render threads with a bounded queue; a full queue is an immediate
 * {@link OverloadedException}) and a per-request deadline.
 *
 * <p>The first request for a spec (the leader) fetches the source from S3 on its own thread, then hands the
 * decoding and rendering to the pool; later identical requests wait on the same future.
 */
public final class ImageService {

    /** How a request was answered. */
    public enum CacheOutcome {
        HIT, MISS, COALESCED
    }

    public record Result(Rendered image, CacheOutcome outcome) {
    }

    /** Aspect ratios of master and original may differ this much (rounding) before the master is distrusted. */
    private static final double ASPECT_TOLERANCE = 0.01;

    private final SourceStore sources;
    private final Renderer renderer;
    private final ThreadPoolExecutor pool;
    private final int maxDimension;
    private final long maxSourcePixels;
    private final int masterQuality;
    private final Cache<RenderSpec, Rendered> cache;
    private final ConcurrentHashMap<RenderSpec, CompletableFuture<Rendered>> inflight = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Counter hits;
    private final Counter misses;
    private final Counter coalesced;

    /** @param masterQuality JPEG quality of a master made here (the converter's, {@code BMO_MASTER_QUALITY}) */
    public ImageService(SourceStore sources, Renderer renderer, ThreadPoolExecutor pool, long cacheMaxBytes,
            int maxDimension, long maxSourceMegapixels, int masterQuality, MeterRegistry registry) {
        this.sources = sources;
        this.masterQuality = masterQuality;
        this.renderer = renderer;
        this.pool = pool;
        this.maxDimension = maxDimension;
        this.maxSourcePixels = maxSourceMegapixels * 1_000_000L;
        this.cache = Caffeine.newBuilder().maximumWeight(cacheMaxBytes).executor(Runnable::run)
                .weigher((RenderSpec spec, Rendered image) -> image.weight()).build();
        this.registry = registry;
        this.hits = Counter.builder("resizer.cache.hits").description("requests answered from the cache")
                .register(registry);
        this.misses = Counter.builder("resizer.cache.misses").description("requests not in the cache")
                .register(registry);
        this.coalesced = Counter.builder("resizer.cache.coalesced")
                .description("cache misses that joined an identical render already under way").register(registry);
        Gauge.builder("resizer.cache.bytes", cache, c -> c.policy().eviction().map(e -> e.weightedSize()
                .orElse(0L)).orElse(0L)).baseUnit("bytes").description("bytes held by the result cache")
                .register(registry);
        Gauge.builder("resizer.cache.entries", cache, Cache::estimatedSize).register(registry);
        Gauge.builder("resizer.queue.depth", pool, p -> p.getQueue().size())
                .description("renders waiting for a render thread").register(registry);
        Gauge.builder("resizer.renders.active", pool, ThreadPoolExecutor::getActiveCount)
                .description("renders running").register(registry);
    }

    /** The cached render for a spec, counted as a hit; null (and not counted) when there is none. */
    public Rendered cached(RenderSpec spec) {
        Rendered cached = cache.getIfPresent(spec);
        if (cached != null) {
            hits.increment();
        }
        return cached;
    }

    /**
     * The rendered image for a spec.
     *
     * @param deadlineNanos {@link System#nanoTime()} by which the answer must be ready
     */
    public Result get(RenderSpec spec, long deadlineNanos) {
        Rendered cached = cache.getIfPresent(spec);
        if (cached != null) {
            hits.increment();
            return new Result(cached, CacheOutcome.HIT);
        }
        misses.increment();
        CompletableFuture<Rendered> mine = new CompletableFuture<>();
        CompletableFuture<Rendered> running = inflight.putIfAbsent(spec, mine);
        if (running != null) {
            coalesced.increment();
            return new Result(await(running, deadlineNanos), CacheOutcome.COALESCED);
        }
        try {
            start(spec, deadlineNanos, mine);
        } catch (RuntimeException e) {
            inflight.remove(spec, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        return new Result(await(mine, deadlineNanos), CacheOutcome.MISS);
    }

    /**
     * Fetches what is needed on this thread (straight into native memory) and submits the render; the pool
     * completes {@code result} and owns the fetched bytes from then on.
     */
    private void start(RenderSpec spec, long deadlineNanos, CompletableFuture<Rendered> result) {
        if (pool.getQueue().remainingCapacity() == 0 && pool.getActiveCount() >= pool.getMaximumPoolSize()) {
            throw rejected("overloaded", "all render threads are busy and the queue is full");
        }
        OriginalInfo original = sources.original(spec.key());
        Optional<Geometry> planned = original.hasSize()
                ? Optional.of(Geometry.plan(original.width().getAsInt(), original.height().getAsInt(), spec,
                        maxDimension))
                : Optional.empty();
        Optional<NativeBytes> master = planned.map(g -> Math.max(g.resizeWidth(), g.resizeHeight()))
                .filter(longSide -> longSide <= SourceStore.MASTER_LONG_SIDE)
                .flatMap(longSide -> sources.masterBytes(original, longSide));
        NativeBytes originalBytes = master.isEmpty() ? sources.originalBytes(original) : null;
        try {
            pool.execute(() -> renderInPool(spec, original, planned, master, originalBytes, deadlineNanos, result));
        } catch (RejectedExecutionException e) {
            master.ifPresent(NativeBytes::close);
            if (originalBytes != null) {
                originalBytes.close();
            }
            throw rejected("overloaded", "all render threads are busy and the queue is full");
        }
    }

    private void renderInPool(RenderSpec spec, OriginalInfo original, Optional<Geometry> planned,
            Optional<NativeBytes> master, NativeBytes originalBytes, long deadlineNanos,
            CompletableFuture<Rendered> result) {
        try {
            if (System.nanoTime() > deadlineNanos) {
                throw rejected("deadline_exceeded", "the request waited past its deadline before rendering");
            }
            long started = System.nanoTime();
            Rendered rendered = master.flatMap(m -> renderFromMaster(m, spec, original, planned.get()))
                    .orElseGet(() -> renderFromOriginal(originalBytes != null ? originalBytes
                            : sources.originalBytes(original), spec, original, planned));
            Timer.builder("resizer.render").description("decode, process and encode one image")
                    .tag("format", spec.format().extension()).tag("source", rendered.source())
                    .publishPercentiles(0.5, 0.95, 0.99).register(registry)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            cache.put(spec, rendered);
            result.complete(rendered);
        } catch (VipsException e) {
            result.completeExceptionally(new UnprocessableSourceException("corrupt_image",
                    "the image could not be decoded (truncated or corrupt): " + e.vipsMessage(), e));
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        } finally {
            inflight.remove(spec, result);
            master.ifPresent(NativeBytes::close); // no-ops once adopted
            if (originalBytes != null) {
                originalBytes.close();
            }
        }
    }

    private Optional<Rendered> renderFromMaster(NativeBytes master, RenderSpec spec, OriginalInfo original,
            Geometry geometry) {
        try (VipsBuffer buffer = VipsBuffer.adopt(master)) {
            ImageHeader header = buffer.inspect();
            if (original.alpha().orElse(false) && !header.hasAlpha()) {
                return Optional.empty(); // an alpha-less master would lose the original's transparency
            }
            int[] upright = {header.uprightWidth(), header.uprightHeight()};
            double originalAspect = (double) original.width().getAsInt() / original.height().getAsInt();
            double masterAspect = (double) upright[0] / upright[1];
            if (Math.abs(masterAspect / originalAspect - 1) > ASPECT_TOLERANCE
                    || !geometry.fitsWithin(upright[0], upright[1])) {
                return Optional.empty(); // not this original's master, or too small: use the original
            }
            return Optional.of(renderer.render(buffer, "master", spec, geometry, original.photographer()));
        } catch (VipsException unreadableMaster) {
            return Optional.empty();
        }
    }

    private Rendered renderFromOriginal(NativeBytes bytes, RenderSpec spec, OriginalInfo original,
            Optional<Geometry> planned) {
        try (VipsBuffer buffer = VipsBuffer.adopt(bytes)) {
            if (buffer.loader().isEmpty()) {
                throw new UnprocessableSourceException("not_an_image",
                        "the source '" + spec.key() + "' is not an image this service reads (JPEG, PNG, WebP, "
                                + "HEIF/AVIF, GIF, TIFF)");
            }
            ImageHeader header = buffer.inspect();
            int[] upright = {header.uprightWidth(), header.uprightHeight()};
            if ((long) upright[0] * upright[1] > maxSourcePixels) {
                throw new UnprocessableSourceException("source_too_many_pixels", "the source has "
                        + upright[0] + "x" + upright[1] + " pixels; the limit is "
                        + maxSourcePixels / 1_000_000 + " megapixels");
            }
            Geometry geometry = planned.orElseGet(() -> Geometry.plan(upright[0], upright[1], spec, maxDimension));
            OptionalInt interim = planned.isEmpty() ? OptionalInt.empty()
                    : sources.interimMaster(original, header.hasAlpha(),
                            Math.max(geometry.resizeWidth(), geometry.resizeHeight()));
            if (interim.isPresent()) {
                Optional<Rendered> fromMaster = renderFromInterimMaster(buffer, interim.getAsInt(), spec, original,
                        geometry);
                if (fromMaster.isPresent()) {
                    return fromMaster.get();
                }
            }
            return renderer.render(buffer, "original", spec, geometry, original.photographer());
        }
    }

    /**
     * Makes the master the converter will make (upright, sRGB, no metadata, its JPEG quality), keeps it among the
     * recent sources for the next sizes of this photo, and renders this output from it, so the first size and
     * the next ones look the same.
     */
    private Optional<Rendered> renderFromInterimMaster(VipsBuffer original, int level, RenderSpec spec,
            OriginalInfo info, Geometry geometry) {
        byte[] jpeg;
        try (VipsImage master = original.thumbnail(ThumbnailOptions.fitInside(level, level)
                .withFastShrinkOnLoad(renderer.fastShrinkOnLoad()))) {
            jpeg = master.save(SaveOptions.of(ImageFormat.JPEG).withQuality(masterQuality));
        }
        sources.keepInterimMaster(info, level, jpeg);
        return renderFromMaster(NativeBytes.copyOf(jpeg), spec, info, geometry);
    }

    private Rendered await(CompletableFuture<Rendered> future, long deadlineNanos) {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw rejected("deadline_exceeded", "the image was not ready within the deadline");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("render failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OverloadedException("deadline_exceeded", "interrupted while waiting for the image");
        }
    }

    private OverloadedException rejected(String code, String message) {
        Counter.builder("resizer.rejections").description("requests refused by admission control or the deadline")
                .tag("reason", code).register(registry).increment();
        return new OverloadedException(code, message);
    }

    /** Cached bytes (for tests and the info endpoint). */
    public long cachedBytes() {
        return cache.policy().eviction().flatMap(e -> e.weightedSize().stream().boxed().findFirst()).orElse(0L);
    }

    public void clearCache() {
        cache.invalidateAll();
    }
}
