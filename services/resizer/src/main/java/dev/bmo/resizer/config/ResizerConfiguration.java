package dev.bmo.resizer.config;

import dev.bmo.imageurls.ImageUrlSigner;
import dev.bmo.resizer.render.Renderer;
import dev.bmo.resizer.render.Watermark;
import dev.bmo.resizer.serving.ImageService;
import dev.bmo.resizer.web.CacheHitFilter;
import dev.bmo.resizer.source.SourceCache;
import dev.bmo.resizer.source.SourceStore;
import dev.bmo.resizer.warmup.HotKeys;
import dev.bmo.resizer.warmup.HotKeysEndpoint;
import dev.bmo.resizer.warmup.HotKeysFilter;
import dev.bmo.resizer.warmup.WarmupEndpoint;
import dev.bmo.storage.ObjectStore;
import dev.bmo.storage.StorageSettings;
import dev.bmo.vips.Vips;
import dev.bmo.vips.VipsSettings;
import dev.bmo.vips.VipsThreads;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Environment;

/** Wires the resizer: libvips settings, the render pool, S3, the watermark, the cache and the URL signer. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResizerProperties.class)
public class ResizerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ResizerConfiguration.class);
    static final String BUNDLED_LOGO = "/watermark/bmo-logo.png";

    @Bean(destroyMethod = "shutdown")
    ThreadPoolExecutor renderPool(ResizerProperties properties) {
        Vips.start(VipsSettings.serverDefaults().withConcurrency(properties.vipsConcurrency()));
        log.info("libvips {} started; {} render threads, queue {}, deadline {}, cache {} bytes, unsigned={}",
                Vips.version(), properties.effectiveRenderThreads(), properties.effectiveQueueSize(),
                properties.deadline(), properties.cacheMaxBytes(), properties.unsigned());
        if (properties.unsigned()) {
            log.warn("BMO_RESIZER_UNSIGNED is on: any URL is served without a signature (local development only)");
        }
        return VipsThreads.fixedPool("render", properties.effectiveRenderThreads(), properties.effectiveQueueSize());
    }

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(Environment environment) {
        StorageSettings settings = StorageSettings.fromLookup(environment::getProperty);
        log.info("S3: {}", settings);
        return ObjectStore.open(settings);
    }

    @Bean
    SourceStore sourceStore(ObjectStore objectStore, ResizerProperties properties, MeterRegistry registry) {
        return new SourceStore(objectStore, properties.maxSourceBytes(),
                new SourceCache(properties.sourceCacheMaxBytes(), properties.sourceCacheTtl(), registry),
                properties.masterLevels(), registry);
    }

    @Bean
    Watermark watermark(ResizerProperties properties, ThreadPoolExecutor renderPool) {
        byte[] logo = logoBytes(properties.watermarkPath());
        try {
            // inspecting calls libvips, so it runs on a libvips thread like everything else
            return renderPool.submit(() -> new Watermark(logo, properties.watermarkCorner(),
                    properties.watermarkOpacity())).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the watermark logo is not an image libvips can read: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Bean
    Renderer renderer(Watermark watermark, ResizerProperties properties) {
        return new Renderer(watermark, properties.fastShrinkOnLoad());
    }

    @Bean
    ImageService imageService(SourceStore sources, Renderer renderer, ThreadPoolExecutor renderPool,
            ResizerProperties properties, MeterRegistry registry) {
        return new ImageService(sources, renderer, renderPool, properties.cacheMaxBytes(),
                properties.maxDimension(), properties.maxSourceMegapixels(), properties.masterQuality(), registry);
    }

    /** Cache hits answered before Spring MVC; after the metrics and observation filters, which count them. */
    @Bean
    FilterRegistrationBean<CacheHitFilter> cacheHitFilter(ImageService images, ImageUrlSigner signer,
            ResizerProperties properties, MeterRegistry registry) {
        FilterRegistrationBean<CacheHitFilter> registration = new FilterRegistrationBean<>(
                CacheHitFilter.create(images, signer, properties, registry));
        registration.addUrlPatterns(CacheHitFilter.PREFIX + "*");
        registration.setOrder(0);
        return registration;
    }

    /** The image requests this host answered lately, counted (hotkeys), for a restarted peer's warm-up. */
    @Bean
    HotKeys hotKeys() {
        return new HotKeys(10_000, Duration.ofMinutes(15));
    }

    /** Counts answered image requests, outside the cache-hit filter so hits count too. */
    @Bean
    FilterRegistrationBean<HotKeysFilter> hotKeysFilter(HotKeys hot) {
        FilterRegistrationBean<HotKeysFilter> registration = new FilterRegistrationBean<>(new HotKeysFilter(hot));
        registration.addUrlPatterns(CacheHitFilter.PREFIX + "*");
        registration.setOrder(-1);
        return registration;
    }

    @Bean
    HotKeysEndpoint hotKeysEndpoint(HotKeys hot) {
        return new HotKeysEndpoint(hot);
    }

    /** Replays a peer's hot keys against this host; as many at a time as it has render threads. */
    @Bean
    WarmupEndpoint warmupEndpoint(Environment environment) {
        return new WarmupEndpoint(() -> environment.getProperty("local.server.port", Integer.class, 8082),
                Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param acceptV1 whether URLs signed before {@code sv=2} (version 1, ambiguous) still verify: true
     *                 during the transition, until every issued URL was re-issued (BMO_RESIZER_ACCEPT_V1_URLS)
     */
    @Bean
    ImageUrlSigner imageUrlSigner(ResizerProperties properties,
            @Value("${BMO_RESIZER_ACCEPT_V1_URLS:true}") boolean acceptV1, @Value("${BMO_ENV:local}") String env) {
        ImageUrlSigner.requireOwnSecret(properties.secret(), env); // outside local, refuse to start with it
        if (ImageUrlSigner.LOCAL_DEVELOPMENT_SECRET.equals(properties.secret()) && !properties.unsigned()) {
            log.warn("BMO_RESIZER_SECRET is not set: using the public local development secret");
        }
        return new ImageUrlSigner(properties.secret(), acceptV1);
    }

    static byte[] logoBytes(String path) {
        try {
            if (path == null || path.isBlank()) {
                try (InputStream in = ResizerConfiguration.class.getResourceAsStream(BUNDLED_LOGO)) {
                    if (in == null) {
                        throw new IllegalStateException("bundled logo " + BUNDLED_LOGO + " is missing");
                    }
                    return in.readAllBytes();
                }
            }
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the watermark logo " + path
                    + " (BMO_RESIZER_WATERMARK_PATH)", e);
        }
    }
}
