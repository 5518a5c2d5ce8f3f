package dev.bmo.resizer.render;

import dev.bmo.resizer.request.Fit;
import dev.bmo.vips.Gravity;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.ThumbnailOptions;
import dev.bmo.vips.VipsBuffer;
import dev.bmo.vips.VipsImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders one output: shrink-on-load thumbnail of the source to the planned size (sRGB, upright), then the
 * ordered steps (cover crop or contain padding, logo, attribution), then encoding with metadata stripped.
 * Call it on a libvips thread ({@link dev.bmo.vips.VipsThreads}).
 */
public final class Renderer {

    private final Watermark watermark;
    private final boolean fastShrinkOnLoad;

    /**
     * @param fastShrinkOnLoad decode JPEGs at the smallest DCT scale that still covers the output (as sharp and
     *                         imgproxy do) instead of libvips' more conservative choice; see
     *                         {@link ThumbnailOptions#fastShrinkOnLoad()}
     */
    public Renderer(Watermark watermark, boolean fastShrinkOnLoad) {
        this.watermark = watermark;
        this.fastShrinkOnLoad = fastShrinkOnLoad;
    }

    /** Whether JPEGs are decoded at the smallest DCT scale that covers the output. */
    public boolean fastShrinkOnLoad() {
        return fastShrinkOnLoad;
    }

    /** The steps after the resize, in order. */
    public List<ImageStep> steps(RenderSpec spec, Geometry geometry, Optional<String> photographer) {
        List<ImageStep> steps = new ArrayList<>();
        if (spec.fit() == Fit.COVER) {
            steps.add(new CoverCropStep(geometry.outputWidth(), geometry.outputHeight()));
        }
        if (spec.fit() == Fit.CONTAIN) {
            steps.add(new ContainPadStep(geometry.outputWidth(), geometry.outputHeight(),
                    spec.format().supportsAlpha()));
        }
        if (spec.watermark()) {
            steps.add(watermark.logoStep());
            photographer.filter(p -> !p.isBlank()).ifPresent(p -> steps.add(new AttributionStep(
                    AttributionStep.attribution(p), attributionCorner())));
        }
        return steps;
    }

    private Gravity attributionCorner() {
        return watermark.corner() == Gravity.SOUTH_WEST ? Gravity.SOUTH_EAST : Gravity.SOUTH_WEST;
    }

    /**
     * Renders from an opened source buffer.
     *
     * @param sourceKind {@code original} or {@code master}, recorded in the result
     */
    public Rendered render(VipsBuffer source, String sourceKind, RenderSpec spec, Geometry geometry,
            Optional<String> photographer) {
        List<ImageStep> steps = steps(spec, geometry, photographer);
        VipsImage current = source.thumbnail(ThumbnailOptions.exactly(geometry.resizeWidth(),
                geometry.resizeHeight()).withFastShrinkOnLoad(fastShrinkOnLoad));
        try {
            for (ImageStep step : steps) {
                VipsImage next = step.apply(current);
                current.close();
                current = next;
            }
            byte[] bytes = current.save(SaveOptions.of(spec.format()).withQuality(spec.quality()));
            return Rendered.of(bytes, spec.format(), current.width(), current.height(), sourceKind);
        } finally {
            current.close();
        }
    }
}
