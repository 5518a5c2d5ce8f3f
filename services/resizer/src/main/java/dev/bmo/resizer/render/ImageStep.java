package dev.bmo.resizer.render;

import dev.bmo.vips.VipsImage;

/**
 * One processing step of a render (imgproxy style: the pipeline is an ordered list of these). A step returns a
 * new image and never closes its input; the pipeline closes each intermediate image.
 */
@FunctionalInterface
public interface ImageStep {

    VipsImage apply(VipsImage image);
}
