package dev.bmo.resizer.render;

import dev.bmo.resizer.request.Fit;
import dev.bmo.resizer.request.ImageRequest;
import dev.bmo.vips.ImageFormat;

/**
 * What to render, normalised: dpr multiplied into the sizes, the negotiated format and the effective quality
 * filled in. Equal specs give equal bytes, so this is the cache and coalescing key.
 *
 * @param width  output box width in pixels, 0 when not given
 * @param height output box height in pixels, 0 when not given
 */
public record RenderSpec(String key, int width, int height, Fit fit, ImageFormat format, int quality,
        boolean watermark) {

    public static RenderSpec of(ImageRequest request, ImageFormat format, int defaultQuality) {
        int w = request.width().isPresent() ? (int) Math.round(request.width().getAsInt() * request.dpr()) : 0;
        int h = request.height().isPresent() ? (int) Math.round(request.height().getAsInt() * request.dpr()) : 0;
        return new RenderSpec(request.key(), w, h, request.fit(), format,
                request.quality().orElse(defaultQuality), request.watermark());
    }

    /** Approximate heap cost of this key in the cache. */
    int weight() {
        return 64 + key.length() * 2;
    }
}
