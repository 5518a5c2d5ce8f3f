package dev.bmo.resizer.render;

import dev.bmo.vips.Gravity;
import dev.bmo.vips.VipsImage;

/** {@code fit=contain}: centres the image on a box-sized canvas (white, or transparent where alpha is kept). */
record ContainPadStep(int width, int height, boolean transparent) implements ImageStep {

    @Override
    public VipsImage apply(VipsImage image) {
        if (image.width() == width && image.height() == height) {
            return image.copy();
        }
        if (transparent) {
            try (VipsImage withAlpha = image.hasAlpha() ? image.copy() : image.addAlpha()) {
                return withAlpha.embed(width, height, Gravity.CENTRE, 0, 0, 0, 0);
            }
        }
        try (VipsImage opaque = image.flatten(255, 255, 255)) {
            return opaque.embed(width, height, Gravity.CENTRE, 255, 255, 255);
        }
    }
}
