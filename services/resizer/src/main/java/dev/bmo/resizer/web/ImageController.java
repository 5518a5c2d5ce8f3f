package dev.bmo.resizer.web;

import dev.bmo.imageurls.ImageUrlSigner;
import dev.bmo.resizer.config.ResizerProperties;
import dev.bmo.resizer.render.RenderSpec;
import dev.bmo.resizer.render.Rendered;
import dev.bmo.resizer.request.BadRequestException;
import dev.bmo.resizer.request.FormatNegotiation;
import dev.bmo.resizer.request.ImageRequest;
import dev.bmo.resizer.request.ImageRequestParser;
import dev.bmo.resizer.serving.ImageService;
import dev.bmo.vips.ImageFormat;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
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
    private final ImageUrlSigner signer;
    private final ResizerProperties properties;
    private final ImageRequestParser parser;
    private final MeterRegistry registry;

    public ImageController(ImageService images, ImageUrlSigner signer, ResizerProperties properties,
            MeterRegistry registry) {
        this.images = images;
        this.signer = signer;
        this.properties = properties;
        this.parser = new ImageRequestParser(properties.maxDimension());
        this.registry = registry;
    }

    @GetMapping("/v1/images/{*key}")
    public ResponseEntity<byte[]> image(@PathVariable String key, HttpServletRequest http) {
        long started = System.nanoTime();
        long deadline = started + properties.deadline().toNanos();
        String format = "none";
        String outcome = "error";
        try {
            String objectKey = key.startsWith("/") ? key.substring(1) : key;
            Map<String, String[]> parameters = http.getParameterMap();
            checkSignature(objectKey, parameters);
            ImageRequest request = parser.parse(objectKey, parameters);
            ImageFormat outputFormat = FormatNegotiation.outputFormat(request, http.getHeader(HttpHeaders.ACCEPT));
            format = outputFormat.extension();
            RenderSpec spec = RenderSpec.of(request, outputFormat, properties.defaultQuality());
            ImageService.Result result = images.get(spec, deadline);
            Rendered image = result.image();
            HttpHeaders headers = new HttpHeaders();
            headers.setETag(image.etag());
            headers.setCacheControl("public, max-age=" + properties.cacheMaxAge() + ", immutable");
            if (request.auto()) {
                headers.add(HttpHeaders.VARY, HttpHeaders.ACCEPT);
            }
            headers.add("X-Resizer-Cache", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
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
            Timer.builder("resizer.requests").description("image requests, by output format and outcome")
                    .tag("format", format).tag("outcome", outcome).publishPercentiles(0.5, 0.95, 0.99)
                    .register(registry).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void checkSignature(String key, Map<String, String[]> parameters) {
        if (properties.unsigned()) {
            return;
        }
        String[] sig = parameters.get(ImageUrlSigner.SIGNATURE_PARAMETER);
        if (sig == null || sig.length != 1) {
            throw new SignatureException("the URL is not signed (sig is missing)");
        }
        Map<String, String> single = new HashMap<>();
        for (Map.Entry<String, String[]> e : parameters.entrySet()) {
            if (e.getValue().length != 1) {
                throw new SignatureException("parameter '" + e.getKey() + "' is repeated; signed URLs have each once");
            }
            single.put(e.getKey(), e.getValue()[0]);
        }
        if (!signer.verify(ImageUrlSigner.pathFor(key), single, sig[0])) {
            throw new SignatureException("the signature does not match this URL");
        }
    }

    /** Missing or wrong signature: 403. */
    static class SignatureException extends RuntimeException {
        SignatureException(String message) {
            super(message);
        }
    }
}
