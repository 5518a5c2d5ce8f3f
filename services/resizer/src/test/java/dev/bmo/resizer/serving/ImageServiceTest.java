package dev.bmo.resizer.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bmo.resizer.TestImages;
import dev.bmo.resizer.render.RenderSpec;
import dev.bmo.resizer.render.Rendered;
import dev.bmo.resizer.render.Renderer;
import dev.bmo.resizer.render.Watermark;
import dev.bmo.resizer.request.Fit;
import dev.bmo.resizer.source.SourceCache;
import dev.bmo.resizer.source.SourceStore;
import dev.bmo.storage.testing.S3ProxyExtension;
import dev.bmo.testing.PhotoLike;
import dev.bmo.testing.SharpReference;
import dev.bmo.vips.Gravity;
import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.VipsThreads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Admission control, the deadline and the byte bound of the cache, on real S3 and libvips. */
class ImageServiceTest {

    @RegisterExtension
    static S3ProxyExtension s3 = new S3ProxyExtension();

    private final List<ThreadPoolExecutor> pools = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void upload() {
        s3.store().put("originals/big", TestImages.noiseJpeg(3000, 2000), "image/jpeg", Map.of());
        // a black original, a white master, a grey 1280 px level: the output's colour tells which was read
        Map<String, String> size = Map.of("width", "3000", "height", "2000");
        for (String id : List.of("pyramid", "nolevel")) {
            s3.store().put("originals/" + id, TestImages.solidJpeg(3000, 2000, 0, 0, 0), "image/jpeg", size);
            s3.store().put("renditions/" + id + "/master.jpg", TestImages.solidJpeg(2048, 1365, 255, 255, 255),
                    "image/jpeg", Map.of());
        }
        s3.store().put("renditions/pyramid/master-1280.jpg", TestImages.solidJpeg(1280, 853, 128, 128, 128),
                "image/jpeg", Map.of());
    }

    @AfterEach
    void stopPools() throws InterruptedException {
        for (ThreadPoolExecutor pool : pools) {
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private ImageService service(int threads, int queue, long cacheBytes) {
        return service(threads, queue, cacheBytes, new SourceCache(0, Duration.ZERO, registry));
    }

    private ImageService service(int threads, int queue, long cacheBytes, SourceCache recentSources) {
        ThreadPoolExecutor pool = VipsThreads.fixedPool("render-test", threads, queue);
        pools.add(pool);
        Watermark watermark;
        try {
            watermark = pool.submit(() -> new Watermark(TestImages.solidJpeg(20, 10, 255, 255, 255),
                    Gravity.SOUTH_EAST, 0.5)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new ImageService(new SourceStore(s3.store(), 50_000_000, recentSources, List.of(1280), registry),
                new Renderer(watermark, true), pool, cacheBytes, 8192, 100, 90, registry);
    }

    private static RenderSpec spec(int width) {
        return new RenderSpec("originals/big", width, 0, Fit.INSIDE, ImageFormat.JPEG, 82, false);
    }

    private static long in(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void refusesAtOnceWhenThreadsAndQueueAreFull() throws Exception {
        ImageService service = service(1, 1, 0);
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int width = 100 + i;
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        service.get(spec(width), in(30_000));
                        return "ok";
                    } catch (OverloadedException e) {
                        return e.code();
                    }
                }, clients));
            }
            List<String> outcomes = answers.stream().map(CompletableFuture::join).toList();
            assertThat(outcomes).contains("ok", "overloaded");
            assertThat(registry.get("resizer.rejections").tag("reason", "overloaded").counter().count())
                    .isGreaterThan(0);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void givesUpAtTheDeadline() {
        ImageService service = service(1, 4, 0);
        assertThatThrownBy(() -> service.get(spec(300), in(5)))
                .isInstanceOfSatisfying(OverloadedException.class,
                        e -> assertThat(e.code()).isEqualTo("deadline_exceeded"));
    }

    @Test
    void cacheStaysWithinItsByteBound() {
        ImageService service = service(2, 8, 200_000);
        for (int w = 200; w <= 500; w += 50) {
            assertThat(service.get(spec(w), in(30_000)).outcome()).isEqualTo(ImageService.CacheOutcome.MISS);
            assertThat(service.cachedBytes()).isLessThanOrEqualTo(200_000);
        }
        assertThat(service.cachedBytes()).isGreaterThan(50_000);
        assertThat(service.get(spec(500), in(30_000)).outcome()).isEqualTo(ImageService.CacheOutcome.HIT);
    }

    /** Six sizes of one original asked for at once, as clients do right after an upload. */
    private long originalFetchesForABurstOfSizes(SourceCache recentSources) {
        ImageService service = service(2, 8, 0, recentSources);
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int width = 200 + 50 * i;
                answers.add(CompletableFuture.supplyAsync(() -> service.get(spec(width), in(60_000)).image().width(),
                        clients));
            }
            assertThat(answers.stream().map(CompletableFuture::join)).containsExactlyInAnyOrder(200, 250, 300, 350,
                    400, 450);
        } finally {
            clients.shutdownNow();
        }
        return registry.get("resizer.source.bytes").tag("source", "original").summary().count();
    }

    @Test
    void aBurstOfSizesReadsTheOriginalFromS3OnceWhileItIsRecent() {
        SourceCache recent = new SourceCache(64 << 20, Duration.ofMinutes(1), registry);
        assertThat(originalFetchesForABurstOfSizes(recent)).as("fetches with the source cache").isEqualTo(1);
        assertThat(recent.bytes()).isEqualTo(s3.store().head("originals/big").orElseThrow().size());
        assertThat(registry.get("cache.size").tag("cache", "resizer.sources").gauge().value()).isEqualTo(1);
    }

    @Test
    void withoutTheSourceCacheOrPastItsBoundEveryRenderReadsS3() {
        assertThat(originalFetchesForABurstOfSizes(new SourceCache(0, Duration.ofMinutes(1), registry)))
                .as("fetches, cache off").isEqualTo(6);
        // a source larger than the whole cache is not kept: one request after another, each reads S3
        SourceCache tooSmall = new SourceCache(1000, Duration.ofMinutes(1), registry);
        ImageService service = service(2, 8, 0, tooSmall);
        for (int width : new int[] {200, 300, 400}) {
            assertThat(service.get(spec(width), in(60_000)).image().width()).isEqualTo(width);
        }
        assertThat(registry.get("resizer.source.bytes").tag("source", "original").summary().count() - 6)
                .as("fetches, cache smaller than the source").isEqualTo(3);
        assertThat(tooSmall.bytes()).isZero();
    }

    @Test
    void anOutputIsRenderedFromTheSmallestMasterThatCoversItByItsMargin() {
        ImageService service = service(2, 8, 0);
        java.util.function.BiFunction<String, Integer, Double> shade = (id, width) -> TestImages.average(
                service.get(new RenderSpec("originals/" + id, width, 0, Fit.INSIDE, ImageFormat.JPEG, 90, false),
                        in(60_000)).image().bytes(), 0, 0, 100, 100);
        // 800 and 1024 (x 1.25 = 1280) from the level; 1100 from the master; past 2048 from the original
        assertThat(shade.apply("pyramid", 800)).isBetween(120.0, 136.0);
        assertThat(shade.apply("pyramid", 1024)).isBetween(120.0, 136.0);
        assertThat(shade.apply("pyramid", 1100)).isGreaterThan(250.0);
        assertThat(shade.apply("pyramid", 2500)).isLessThan(5.0);
        // a photo converted before there were levels: the master
        assertThat(shade.apply("nolevel", 800)).isGreaterThan(250.0);
    }

    @Test
    void aFreshPhotosFirstSizeLeavesItsMasterInMemorySoTheNextSizesDecodeNoOriginal() {
        // just uploaded: its size known from media's metadata, no master in S3 yet
        byte[] photo = PhotoLike.jpeg(3000, 2000, 5);
        s3.store().put("originals/fresh", photo, "image/jpeg", Map.of("width", "3000", "height", "2000"));
        SourceCache recent = new SourceCache(64 << 20, Duration.ofMinutes(1), registry);
        ImageService service = service(2, 8, 0, recent);
        java.util.function.IntFunction<Rendered> render = width -> service.get(new RenderSpec("originals/fresh",
                width, 0, Fit.INSIDE, ImageFormat.JPEG, 90, false), in(60_000)).image();
        Rendered first = render.apply(800);
        assertThat(first.source()).as("the first size, from the master it made").isEqualTo("master");
        // 1000 from the 1280 px level made for 800; 1200 (past 1280 / 1.25) makes the 2048 px master
        for (int width : new int[] {600, 1000, 1200, 1500}) {
            Rendered next = render.apply(width);
            assertThat(next.width()).isEqualTo(width);
            assertThat(next.source()).isEqualTo("master");
        }
        assertThat(registry.get("resizer.source.bytes").tag("source", "original").summary().count())
                .as("originals read from S3").isEqualTo(1);
        assertThat(s3.store().head("renditions/fresh/master-1280.jpg")).as("kept in memory, never written").isEmpty();
        assertThat(s3.store().head("renditions/fresh/master.jpg")).isEmpty();
        assertThat(recent.bytes()).isGreaterThan(photo.length);

        // the same as from the original, within the pyramid's bound
        ImageService direct = service(2, 8, 0);
        Rendered fromOriginal = direct.get(new RenderSpec("originals/fresh", 800, 0, Fit.INSIDE, ImageFormat.JPEG, 90,
                false), in(60_000)).image();
        assertThat(fromOriginal.source()).isEqualTo("original");
        List<String> failures = new ArrayList<>();
        double[] de = SharpReference.deltaE(first.bytes(), fromOriginal.bytes(), 800, "800 px", failures);
        assertThat(failures).isEmpty();
        assertThat(de[0]).as("mean CIEDE2000, from the master made here vs from the original").isLessThan(1.0);
    }

    @Test
    void noMasterIsMadeWithTheSourceCacheOffOrForAnOriginalWithAlphaOrOfUnknownSize() {
        s3.store().put("originals/unsized", TestImages.noiseJpeg(3000, 2000), "image/jpeg", Map.of());
        s3.store().put("originals/alpha", TestImages.noisePng(3000, 2000, 4), "image/png",
                Map.of("width", "3000", "height", "2000"));
        SourceCache recent = new SourceCache(64 << 20, Duration.ofMinutes(1), registry);
        ImageService cached = service(2, 8, 0, recent);
        for (String id : List.of("unsized", "alpha")) {
            assertThat(cached.get(new RenderSpec("originals/" + id, 800, 0, Fit.INSIDE, ImageFormat.JPEG, 90, false),
                    in(60_000)).image().source()).as(id).isEqualTo("original");
        }
        assertThat(service(2, 8, 0).get(new RenderSpec("originals/big", 801, 0, Fit.INSIDE, ImageFormat.JPEG, 90,
                false), in(60_000)).image().source()).isEqualTo("original");
    }
}
