package dev.bmo.resizer.render;

import dev.bmo.vips.Gravity;
import dev.bmo.vips.VipsImage;

/** {@code fit=cover}: crops the resized image to the box around its centre. */
record CoverCropStep(int width, int height) implements ImageStep {

    @Override
    public VipsImage apply(VipsImage image) {
        return image.crop(width, height, Gravity.CENTRE);
    }
}
