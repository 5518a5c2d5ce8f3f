package dev.bmo.resizer.web;

import dev.bmo.observability.AccessLogFilter;
import dev.bmo.imageurls.ImageUrlSigner;
import dev.bmo.resizer.config.ResizerProperties;
import dev.bmo.resizer.render.Rendered;
import dev.bmo.resizer.request.BadRequestException;
import dev.bmo.resizer.serving.ImageService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/images/{key}?w=&h=&fit=&fmt=&q=&dpr=&wm=&sig=}: see the module README. */
@RestController
public class ImageController {

    private final ImageService images;
    private final ResizerProperties properties;
    private final ImageRequestResolver resolver;
    private final MeterRegistry registry;
    private final String cacheControl;

    public ImageController(ImageService images, ImageUrlSigner signer, ResizerProperties properties,
            MeterRegistry registry) {
        this.images = images;
        this.properties = properties;
        this.resolver = new ImageRequestResolver(signer, properties);
        this.registry = registry;
        this.cacheControl = cacheControl(properties);
    }

    static String cacheControl(ResizerProperties properties) {
        return "public, max-age=" + properties.cacheMaxAge() + ", immutable";
    }

    static Timer.Builder requestTimer() {
        return Timer.builder("resizer.requests").description("image requests, by output format and outcome")
                .publishPercentiles(0.5, 0.95, 0.99);
    }

    @GetMapping("/v1/images/{*key}")
    public ResponseEntity<byte[]> image(@PathVariable String key, HttpServletRequest http) {
        long started = System.nanoTime();
        long deadline = started + properties.deadline().toNanos();
        String format = "none";
        String outcome = "error";
        try {
            String objectKey = key.startsWith("/") ? key.substring(1) : key;
            ImageRequestResolver.Resolved resolved = resolver.resolve(objectKey, http.getParameterMap(),
                    http.getQueryString(), http.getHeader(HttpHeaders.ACCEPT));
            format = resolved.formatTag();
            ImageService.Result result = images.get(resolved.spec(), deadline);
            Rendered image = result.image();
            HttpHeaders headers = new HttpHeaders();
            headers.setETag(image.etag());
            headers.setCacheControl(cacheControl);
            if (resolved.request().auto()) {
                headers.add(HttpHeaders.VARY, HttpHeaders.ACCEPT);
            }
            headers.add(AccessLogFilter.CACHE_HEADER, result.outcome().name().toLowerCase(java.util.Locale.ROOT));
            headers.add("X-Resizer-Source", image.source());
            if (image.matches(http.getHeader(HttpHeaders.IF_NONE_MATCH))) {
                outcome = "not_modified";
                return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).build();
            }
            outcome = result.outcome().name().toLowerCase(java.util.Locale.ROOT);
            return ResponseEntity.ok().headers(headers).contentType(MediaType.parseMediaType(image.format().mediaType()))
                    .contentLength(image.bytes().length).body(image.bytes());
        } catch (BadRequestException | SignatureException e) {
            outcome = "client_error";
            throw e;
        } catch (dev.bmo.resizer.serving.OverloadedException e) {
            outcome = "rejected";
            throw e;
        } catch (dev.bmo.resizer.source.SourceNotFoundException
                | dev.bmo.resizer.source.UnprocessableSourceException e) {
            outcome = "client_error";
            throw e;
        } finally {
            requestTimer().tag("format", format).tag("outcome", outcome).register(registry)
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Missing or wrong signature: 403. */
    static class SignatureException extends RuntimeException {
        SignatureException(String message) {
            super(message);
        }
    }
}
