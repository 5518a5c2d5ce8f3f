package dev.bmo.resizer.web;

import dev.bmo.imageurls.ImageUrlSigner;
import dev.bmo.resizer.config.ResizerProperties;
import dev.bmo.resizer.render.RenderSpec;
import dev.bmo.resizer.request.FormatNegotiation;
import dev.bmo.resizer.request.ImageRequest;
import dev.bmo.resizer.request.ImageRequestParser;
import dev.bmo.vips.ImageFormat;
import java.util.HashMap;
import java.util.Map;

/**
 * From an image URL to what to render: the signature checked, the parameters parsed, the format negotiated.
 * Shared by {@link ImageController} and {@link CacheHitFilter}, so both read a URL the same way.
 */
final class ImageRequestResolver {

    /** A checked, parsed request. */
    record Resolved(ImageRequest request, RenderSpec spec) {

        String formatTag() {
            return spec.format().extension();
        }
    }

    private final ImageUrlSigner signer;
    private final ResizerProperties properties;
    private final ImageRequestParser parser;

    ImageRequestResolver(ImageUrlSigner signer, ResizerProperties properties) {
        this.signer = signer;
        this.properties = properties;
        this.parser = new ImageRequestParser(properties.maxDimension());
    }

    /**
     * @param objectKey the S3 key (the path after {@code /v1/images/}, decoded)
     * @param rawQuery  the query as sent (null when none)
     * @throws ImageController.SignatureException for a missing or wrong signature
     * @throws dev.bmo.resizer.request.BadRequestException for bad parameters
     */
    Resolved resolve(String objectKey, Map<String, String[]> parameters, String rawQuery, String accept) {
        checkSignature(objectKey, parameters, rawQuery);
        ImageRequest request = parser.parse(objectKey, parameters);
        ImageFormat outputFormat = FormatNegotiation.outputFormat(request, accept);
        return new Resolved(request, RenderSpec.of(request, outputFormat, properties.defaultQuality()));
    }

    private void checkSignature(String key, Map<String, String[]> parameters, String rawQuery) {
        if (properties.unsigned()) {
            return;
        }
        // the container drops "=x" (a parameter with no name) from the map: the raw query still shows it
        if (rawQuery != null && ("&" + rawQuery).contains("&=")) {
            throw new ImageController.SignatureException("a parameter has an empty name; signed URLs have none");
        }
        String[] sig = parameters.get(ImageUrlSigner.SIGNATURE_PARAMETER);
        if (sig == null || sig.length == 0) {
            throw new ImageController.SignatureException("the URL is not signed (sig is missing)");
        }
        if (sig.length > 1) {
            throw new ImageController.SignatureException("sig is given " + sig.length + " times; a signed URL has"
                    + " one");
        }
        String[] version = parameters.get(ImageUrlSigner.VERSION_PARAMETER);
        if (version != null && version.length == 1 && !version[0].equals(ImageUrlSigner.CURRENT_VERSION)) {
            throw new ImageController.SignatureException("sv=" + version[0] + " is not a signature version this"
                    + " resizer knows (it signs and verifies sv=" + ImageUrlSigner.CURRENT_VERSION + ")");
        }
        Map<String, String> single = new HashMap<>();
        for (Map.Entry<String, String[]> e : parameters.entrySet()) {
            if (e.getKey().isEmpty()) {
                throw new ImageController.SignatureException("a parameter has an empty name; signed URLs have none");
            }
            if (e.getValue().length != 1) {
                throw new ImageController.SignatureException(
                        "parameter '" + e.getKey() + "' is repeated; signed URLs have each once");
            }
            single.put(e.getKey(), e.getValue()[0]);
        }
        if (!signer.verify(ImageUrlSigner.pathFor(key), single, sig[0])) {
            throw new ImageController.SignatureException("the signature does not match this URL");
        }
    }
}
