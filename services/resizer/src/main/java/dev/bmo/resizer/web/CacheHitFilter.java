package dev.bmo.resizer.web;

import dev.bmo.observability.AccessLogFilter;
import dev.bmo.resizer.config.ResizerProperties;
import dev.bmo.resizer.render.Rendered;
import dev.bmo.resizer.serving.ImageService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers cache hits before Spring MVC: the cached bytes are written straight out with their headers, without
 * handler mapping, header maps and message converters, which costs a fraction of the CPU time and garbage of
 * the full path (and garbage means young-GC pauses, the tail of hit latency). Everything else (misses, bad
 * URLs, bad signatures, URLs with escapes or path parameters) goes on to {@link ImageController}, which owns
 * rendering and the JSON errors, so both paths answer the same.
 */
public final class CacheHitFilter extends OncePerRequestFilter {

    public static final String PREFIX = "/v1/images/";

    private final ImageService images;
    private final ImageRequestResolver resolver;
    private final String cacheControl;
    private final Timer.Builder requests;
    private final MeterRegistry registry;

    public static CacheHitFilter create(ImageService images, dev.bmo.imageurls.ImageUrlSigner signer,
            ResizerProperties properties, MeterRegistry registry) {
        return new CacheHitFilter(images, new ImageRequestResolver(signer, properties), properties, registry);
    }

    private CacheHitFilter(ImageService images, ImageRequestResolver resolver, ResizerProperties properties,
            MeterRegistry registry) {
        this.images = images;
        this.resolver = resolver;
        this.cacheControl = ImageController.cacheControl(properties);
        this.registry = registry;
        this.requests = ImageController.requestTimer();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        Answer answer = answer(request, response);
        if (answer == null) {
            chain.doFilter(request, response);
            return;
        }
        requests.tags("format", answer.format, "outcome", answer.outcome).register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private record Answer(String format, String outcome) {
    }

    /** Writes the answer for a cached render; null (nothing written) for anything else. */
    private Answer answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod())) {
            return null;
        }
        String uri = request.getRequestURI();
        String prefix = request.getContextPath() + PREFIX;
        // escaped or ';' URIs decode differently from the raw URI: leave them to Spring MVC's own decoding
        if (!uri.startsWith(prefix) || uri.length() == prefix.length() || uri.indexOf('%') >= 0
                || uri.indexOf(';') >= 0) {
            return null;
        }
        ImageRequestResolver.Resolved resolved;
        try {
            resolved = resolver.resolve(uri.substring(prefix.length()), request.getParameterMap(),
                    request.getQueryString(), request.getHeader("Accept"));
        } catch (RuntimeException invalid) {
            return null; // the controller says what is wrong
        }
        Rendered image = images.cached(resolved.spec());
        if (image == null) {
            return null;
        }
        response.setHeader("ETag", image.etag());
        response.setHeader("Cache-Control", cacheControl);
        if (resolved.request().auto()) {
            response.setHeader("Vary", "Accept");
        }
        response.setHeader(AccessLogFilter.CACHE_HEADER, "hit");
        response.setHeader("X-Resizer-Source", image.source());
        if (image.matches(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return new Answer(resolved.formatTag(), "not_modified");
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(image.format().mediaType());
        response.setContentLength(image.bytes().length);
        response.getOutputStream().write(image.bytes());
        return new Answer(resolved.formatTag(), "hit");
    }
}
